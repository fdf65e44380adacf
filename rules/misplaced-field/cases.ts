import { type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = { valid: [], invalid: [] };
export default cases;
