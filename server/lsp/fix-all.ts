// "Fix all" for the language server: a thin wrapper over the engine's fix plan (engine/fix-plan.ts), which the
// CLI's `check --fix` uses too, so that the editor and the command line fix a file the same way.
export {
  collectFixes,
  dropOverlapping,
  editsConflict,
  fixAllOfRule,
  fixAllOnSave,
  fixFor,
  mergeEdits,
  planFixAll,
  type ChosenFix,
  type FixAllPlan,
} from '../engine/fix-plan';

/** The code action kind of "fix everything that is safe to fix" (on save, or from the Source Action menu). */
export const FIX_ALL_KIND = 'source.fixAll.kube-hindsight';
