import { canSee, type CaseRepo, type ChatRef, type Identity } from '../../domain/index.js';
import { actorOf } from '../../handlers/context.js';

/**
 * A stored photo is shown only with its case: the case must hold the photo (before, after or as evidence)
 * and the session's person must be allowed to see that case. Tipsters are never shown photos in the web chat.
 */
export async function mayViewPhoto(
  cases: Pick<CaseRepo, 'getByNumber'>,
  identity: Identity | null,
  chat: ChatRef,
  photoId: string,
  caseNumber: string | undefined,
): Promise<boolean> {
  if (!caseNumber || caseNumber.length > 40) return false;
  const c = await cases.getByNumber(caseNumber.trim().toUpperCase());
  if (!c || !canSee(c, actorOf(identity, chat))) return false;
  return [...c.beforePhotos, ...c.afterPhotos, ...c.history.flatMap((e) => e.evidence ?? [])].some((p) => p.id === photoId);
}
