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

const diffFileMap = z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {});

export const imageDiffSchema = jobFieldsSchema.extend({
  diffid: looseInt,
  added: diffFileMap,
  modified: diffFileMap,
  removed: diffFileMap,
  game: z.record(z.string(), z.unknown()).optional(),
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
  mirroring: z.union([z.boolean(), z.enum(['true', 'false']), looseInt]).transform((v) => v === true || v === 'true' || v === 1),
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

/** The undocumented error envelope seen from real clients (clanforge-api.md 1.1). */
export const errorEnvelopeSchema = z.object({
  error: z.boolean().optional(),
  success: z.boolean().optional(),
  error_code: z.unknown().optional(),
  error_message: z.string().optional(),
});
