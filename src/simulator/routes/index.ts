import { allocationRoutes } from './allocations';
import type { Route } from './context';
import { imageDiffRoutes } from './imagediff';
import { imageDiffRejectRoutes } from './imagediff-reject';
import { imageInstallRoutes } from './imageinstall';
import { imageOptionsRoutes } from './image-options';
import { imageStatusV2Routes } from './image-status-v2';
import { imageUpdateRoutes } from './imageupdate';
import { imageVersionRoutes } from './imageversion';
import { profileRoutes } from './profiles';
import { serverRoutes } from './servers';
import { switchProfileRoutes } from './switchprofile';

/** Every /cfp endpoint. Routes sharing a path differ by method (switchprofile PATCH and GET). */
export const ROUTES: readonly Route[] = [
  ...imageUpdateRoutes,
  ...imageDiffRoutes,
  ...imageDiffRejectRoutes,
  ...imageVersionRoutes,
  ...imageInstallRoutes,
  ...imageStatusV2Routes,
  ...imageOptionsRoutes,
  ...switchProfileRoutes,
  ...profileRoutes,
  ...serverRoutes,
  ...allocationRoutes,
];

export interface RouteMatch {
  /** The route for this method, else the first route of the path (counted, answered 405). */
  route: Route;
  captures: string[];
  methodAllowed: boolean;
  allow: string[];
}

/** The route of a path and method; one path may have a route per method (switchprofile PATCH/GET). */
export function matchRoute(path: string, method = 'GET'): RouteMatch | null {
  const hits = ROUTES.flatMap((route) => {
    const match = route.pattern.exec(path);
    return match ? [{ route, captures: match.slice(1) }] : [];
  });
  const first = hits[0];
  if (!first) return null;
  const methodsOf = (route: Route): readonly string[] => route.methods ?? ['GET'];
  const allow = [...new Set(hits.flatMap((hit) => methodsOf(hit.route)))];
  const hit = hits.find((h) => methodsOf(h.route).includes(method));
  return { ...(hit ?? first), methodAllowed: hit !== undefined, allow };
}
