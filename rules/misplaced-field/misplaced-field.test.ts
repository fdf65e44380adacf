import { ruleTester } from '../../test/rule-tester';
import rule from '.';
import cases from './cases';

ruleTester(rule, cases);
