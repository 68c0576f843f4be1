import { z } from 'zod';
import { LeerwegSchema, NiveauSchema } from '../knowledge/schema';

/**
 * What the coordinator told the bot about the situation. No student names or other personal data:
 * only the sector, situation codes, the state of places and optional programme details.
 */
export const IntakeSchema = z.strictObject({
  sector: z.string().max(40).optional(),
  situations: z.array(z.string().max(60)).max(20).default([]),
  places: z.string().max(40).optional(),
  leerweg: LeerwegSchema.optional(),
  niveau: NiveauSchema.optional(),
  students: z.number().int().min(1).max(100_000).optional(),
  /** True once the optional details question was answered or skipped. */
  detailsDone: z.boolean().default(false),
});

export type Intake = z.infer<typeof IntakeSchema>;

export const INTAKE_FIELDS = ['sector', 'situations', 'places', 'details'] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

export function emptyIntake(): Intake {
  return { situations: [], detailsDone: false };
}

/** The next question still to ask, or undefined when the intake is complete. */
export function nextField(intake: Intake): IntakeField | undefined {
  if (!intake.sector) return 'sector';
  if (intake.situations.length === 0) return 'situations';
  if (!intake.places) return 'places';
  if (!intake.detailsDone) return 'details';
  return undefined;
}

/** Forget one answer so that its question is asked again. */
export function clearField(intake: Intake, field: IntakeField): Intake {
  switch (field) {
    case 'sector':
      return { ...intake, sector: undefined };
    case 'situations':
      return { ...intake, situations: [] };
    case 'places':
      return { ...intake, places: undefined };
    case 'details':
      return { ...intake, leerweg: undefined, niveau: undefined, students: undefined, detailsDone: false };
  }
}
