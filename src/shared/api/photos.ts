/** Photos: uploaded once (content-addressed), then referenced by id from reports and actions. */
import { z } from 'zod';
import { photoId } from './fields.ts';

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const storedPhotoSchema = z.object({
  id: z.string(),
  thumbId: z.string().optional(),
  mime: z.enum(PHOTO_MIMES),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
});
export type StoredPhotoDto = z.input<typeof storedPhotoSchema>;

const decimal = (min: number, max: number) =>
  z.string().regex(/^-?(0|[1-9]\d{0,14})(\.\d{1,15})?$/, '@number').transform(Number).pipe(z.number().min(min).max(max));

/** The form fields beside the file: where and when the device says the photo was taken. */
export const photoClaimFields = z
  .strictObject({
    lng: decimal(-180, 180).optional(),
    lat: decimal(-90, 90).optional(),
    accuracy: decimal(0, 100_000).optional(),
    capturedAt: z.iso.datetime({ offset: true, message: '@dateTime' }).transform((s) => new Date(s)).optional(),
  })
  .refine((c) => (c.lng === undefined) === (c.lat === undefined), { message: '@lngLatTogether', path: ['lat'] });

export const photoParams = z.strictObject({ id: photoId });
