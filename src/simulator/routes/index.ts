import type { Route } from './context';
import { imageDiffRoutes } from './imagediff';
import { imageDiffRejectRoutes } from './imagediff-reject';
import { imageInstallRoutes } from './imageinstall';
import { imageOptionsRoutes } from './image-options';
import { imageStatusV2Routes } from './image-status-v2';
import { imageUpdateRoutes } from './imageupdate';
import { imageVersionRoutes } from './imageversion';

/** Every /cfp endpoint. Order matters only for overlapping patterns (there are none). */
export const ROUTES: readonly Route[] = [
  ...imageUpdateRoutes,
  ...imageDiffRoutes,
  ...imageDiffRejectRoutes,
  ...imageVersionRoutes,
  ...imageInstallRoutes,
  ...imageStatusV2Routes,
  ...imageOptionsRoutes,
];

export function matchRoute(path: string): { route: Route; captures: string[] } | null {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) return { route, captures: match.slice(1) };
  }
  return null;
}
