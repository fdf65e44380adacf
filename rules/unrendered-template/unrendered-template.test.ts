import { RULES } from '..';
import { ruleTester } from '../../test/rule-tester';
import rule from '.';
import cases from './cases';

// Which documents are parsed in full depends on the rules that read them: the catalogue runs alongside.
ruleTester(rule, cases, { alongside: RULES });
