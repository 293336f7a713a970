/** Discarding a draft throws away text that exists nowhere else: a modal asks first, and Cancel is the default. */
import * as ui from '../ui';
import { msg } from '../safeText';

export const DISCARD_DRAFT = 'Discard Draft';

export async function confirmDiscardDraft(vaultName: string): Promise<boolean> {
  const choice = await ui.confirm(
    msg`Discard the draft of "${vaultName}"?`,
    msg`Your unpublished text is lost and the editor shows the server's version again. This cannot be undone.`,
    DISCARD_DRAFT,
  );
  return choice === DISCARD_DRAFT;
}
