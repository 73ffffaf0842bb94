import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ComposeProject } from './compose';

/** Where compose's prometheus service mounts deploy/prometheus. */
const CONFIG_TARGET = '/etc/prometheus';

/**
 * deploy/prometheus as the stack test mounts it into compose's prometheus service: the same scrape
 * job and the same rules (names, expressions, labels, annotations), with scrape and evaluation
 * every 2 s and every alert's `for` cut to 5 s, so an alert fires within the test rather than
 * after 10 minutes. Everything else about the service is the compose file's own.
 */
export function mountQuickPrometheus(project: ComposeProject, dir: string): void {
  const service = project.services.prometheus;
  if (!service) throw new Error('docker-compose.yml has no prometheus service');
  const volume = service.volumes.find((v) => v.target === CONFIG_TARGET);
  if (!volume) throw new Error(`the prometheus service mounts nothing at ${CONFIG_TARGET}`);
  const config = parse(readFileSync(join(volume.source, 'prometheus.yml'), 'utf8')) as {
    global: Record<string, string>;
    rule_files: string[];
  };
  config.global = { ...config.global, scrape_interval: '2s', evaluation_interval: '2s' };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  for (const file of config.rule_files) {
    const rules = parse(readFileSync(join(volume.source, file), 'utf8')) as {
      groups: { rules: { for?: string }[] }[];
    };
    for (const rule of rules.groups.flatMap((g) => g.rules)) if (rule.for) rule.for = '5s';
    writeFileSync(join(dir, file), stringify(rules));
  }
  volume.source = dir;
}
