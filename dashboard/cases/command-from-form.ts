import { fiveImplementations, isCountyLevel, severities } from '../../domain/index.js';
import type { Actor, CaseAction, Command, PhotoRef, Severity } from '../../domain/index.js';
import { dayEnd } from '../dates.js';
import { hazardCategories } from '../labels.js';

export type FormBody = Record<string, string | File | (string | File)[]>;
type Action = Exclude<CaseAction, 'report'>;

export const text = (form: FormBody, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
};
export const files = (form: FormBody, name: string): File[] =>
  ([] as unknown[]).concat(form[name] ?? []).filter((f): f is File => f instanceof File && f.size > 0);

const optional = (s: string) => s || undefined;
// An unparsable date becomes an invalid Date, so the domain answers with its own DEADLINE_REQUIRED.
const date = (s: string) => dayEnd(s) ?? new Date(Number.NaN);

/** A submitted action form as a domain command; photos are stored (EXIF stripped) by `intake` first. */
export async function commandFromForm(
  action: Action,
  form: FormBody,
  actor: Actor,
  intake: (files: File[]) => Promise<PhotoRef[]>,
): Promise<Command> {
  const note = optional(text(form, 'note'));
  switch (action) {
    case 'register':
      return { action, townId: (isCountyLevel(actor) ? text(form, 'townId') : actor.townId) ?? '', note };
    case 'reject':
    case 'send_back':
      return { action, reason: text(form, 'reason') };
    case 'assess': {
      const category = text(form, 'category');
      const severity = severities.find((s) => s === text(form, 'severity'));
      return {
        action,
        // Left out when missing, so the domain answers with its own SEVERITY_REQUIRED.
        severity: severity as Severity,
        deadline: date(text(form, 'deadline')),
        category: (hazardCategories as readonly string[]).includes(category) ? category : undefined,
        note,
      };
    }
    case 'start_rectification':
    case 'approve':
    case 'escalate':
    case 'confirm_cleared':
      return { action, note };
    case 'request_review':
      return { action, afterPhotos: await intake(files(form, 'photos')), note };
    case 'dispute':
      return { action, photos: await intake(files(form, 'photos')), note: text(form, 'note') };
    case 'extend_deadline':
      return { action, deadline: date(text(form, 'deadline')), reason: text(form, 'reason') };
    case 'update_supervision':
      return {
        action,
        fields: {
          ...Object.fromEntries(fiveImplementations.map((f) => [f, text(form, f).slice(0, 500)])),
          filed: text(form, 'filed') === '1',
        },
      };
  }
}
