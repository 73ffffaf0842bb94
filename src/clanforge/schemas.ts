import { z } from 'zod';

/**
 * Runtime shapes of Clanforge responses. The docs list most timestamps as integers but `jobstart`
 * as a string, and real bodies are not always consistent, so every integer field accepts a decimal
 * string too and is parsed. Unknown fields are kept out (z.object strips them).
 */
export const looseInt = z.preprocess((value) => {
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}, z.number().int());

const optionalInt = looseInt.nullish().transform((v) => v ?? undefined);
const optionalString = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : v));

/** The job fields every job-shaped response carries (clanforge-api.md 2.1). */
export const jobFieldsSchema = z.object({
  jobcreated: looseInt,
  joberror: optionalString,
  jobeta: optionalInt,
  jobfailed: looseInt.default(0),
  jobprogress: looseInt.default(0),
  jobstart: optionalInt,
  jobstateid: looseInt,
  jobstatename: z.string().default(''),
  jobupdated: looseInt,
  success: z.boolean().optional(),
});
export type JobFields = z.infer<typeof jobFieldsSchema>;

export const imageUpdateSchema = jobFieldsSchema.extend({ updateid: looseInt });
export type ImageUpdateJob = z.infer<typeof imageUpdateSchema>;

const diffFileMap = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => v ?? {});

export const imageDiffSchema = jobFieldsSchema.extend({
  diffid: looseInt,
  added: diffFileMap,
  modified: diffFileMap,
  removed: diffFileMap,
  /** With diff_info=1; `gameid` is the documented way to learn an image's game (shape otherwise unknown). */
  game: z.looseObject({ gameid: optionalInt }).optional(),
  machine: z.record(z.string(), z.unknown()).optional(),
  image: z.record(z.string(), z.unknown()).optional(),
});
export type ImageDiffJob = z.infer<typeof imageDiffSchema>;

/** Reject without reinstall answers only `{diffid}`; with reinstall=1 an uninstall job. */
export const imageDiffRejectSchema = z.union([
  jobFieldsSchema.extend({ uninstalljobid: looseInt, diffid: optionalInt }),
  z.object({ diffid: looseInt }),
]);
export type ImageDiffRejectResult = z.infer<typeof imageDiffRejectSchema>;

export const imageVersionSchema = jobFieldsSchema.extend({ imageversionid: looseInt });
export type ImageVersionJob = z.infer<typeof imageVersionSchema>;

const flag = z.union([z.boolean(), looseInt]).transform((v) => v === true || v === 1);

export const installItemSchema = jobFieldsSchema.extend({
  jobid: looseInt,
  mirroring: z
    .union([z.boolean(), z.enum(['true', 'false']), looseInt])
    .transform((v) => v === true || v === 'true' || v === 1),
  restart: flag.optional(),
  location: optionalString,
  machine: optionalInt,
  imagepath: optionalString,
  install_at: optionalInt,
  mirror: optionalString,
  target_imageversionid: looseInt,
});
export type InstallJob = z.infer<typeof installItemSchema>;

export const imageInstallStatusSchema = z.object({ installs: z.array(installItemSchema) });

export const imageInstallQueueSchema = jobFieldsSchema.extend({
  versionmirrorid: optionalInt,
  machinejobid: optionalInt,
  installs_squashed: optionalInt,
});
export type InstallQueueResult = z.infer<typeof imageInstallQueueSchema>;

const machineCounts = {
  pending_machines: looseInt,
  failed_machines: looseInt,
  completed_machines: looseInt,
};
const regionSchema = z.object({ name: optionalString, ...machineCounts });
export const imageStatusSchema = z.object({
  ...machineCounts,
  fleets: z
    .record(z.string(), z.object({ regions: z.record(z.string(), regionSchema).optional(), ...machineCounts }))
    .optional(),
});
export type ImageRolloutStatus = z.infer<typeof imageStatusSchema>;

/** A lock id: absent, null, empty or 0 all mean "not locked by one". */
const lockId = z.preprocess((v) => (v === '' || v === 0 || v === '0' ? undefined : v), optionalInt);

/** `update_urls` has no documented shape: keep the strings of a list or map, or their `url` fields. */
const urlList = z
  .unknown()
  .optional()
  .transform((value): string[] => {
    const items: unknown[] = Array.isArray(value)
      ? value
      : typeof value === 'object' && value !== null
        ? Object.values(value)
        : [];
    return items.flatMap((item) => {
      const url = typeof item === 'object' && item !== null ? (item as { url?: unknown }).url : item;
      return typeof url === 'string' && url !== '' ? [url] : [];
    });
  });

/** `image/options` for one image: what locks it (diff and/or update) and its default update URLs. */
export const imageOptionsSchema = z
  .object({ gameid: optionalInt, imageid: optionalInt, diffid: lockId, updateid: lockId, update_urls: urlList })
  .transform((body) => ({
    gameId: body.gameid,
    imageId: body.imageid,
    ...(body.diffid !== undefined && { lockedByDiffId: body.diffid }),
    ...(body.updateid !== undefined && { lockedByUpdateId: body.updateid }),
    updateUrls: body.update_urls,
  }));

export interface ImageOptions {
  gameId: number;
  imageId: number;
  /** The open diff (not rejected, not yet a version) that locks the image. */
  lockedByDiffId?: number;
  /** The unfinished image update that locks the image. */
  lockedByUpdateId?: number;
  updateUrls: string[];
}

/** The undocumented error envelope seen from real clients (clanforge-api.md 1.1). */
export const errorEnvelopeSchema = z.object({
  error: z.boolean().optional(),
  success: z.boolean().optional(),
  error_code: z.unknown().optional(),
  error_message: z.string().optional(),
});
