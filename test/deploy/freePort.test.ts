import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/freePort';

// Ports for servers the project starts (dev server, worker metrics, simulator): never one an
// outgoing connection can hold in TIME_WAIT, which the SDK core's Prometheus exporter cannot bind.
describe('freePort', () => {
  it('hands out bindable ports below the ephemeral range, each once', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) expect(port).toBeLessThan(low!);
    const server = net.createServer();
    await new Promise<void>((resolve) =>
      server.listen({ port: ports[0]!, host: '127.0.0.1', exclusive: true }, resolve),
    );
    await new Promise((resolve) => server.close(resolve));
  });
});
