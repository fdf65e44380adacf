// The built-in rules as the engine receives them. Each test bundle is an entry point, and like the server,
// the CLI, the bench and the scripts it builds its RuleSet once from the registry and hands it down.
import { RULES } from '../rules';
import { RuleSet } from '../server/engine/rule-set';

export const BUILT_IN_RULES = new RuleSet(RULES);
