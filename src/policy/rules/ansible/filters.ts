/**
 * Jinja and ansible-core filters by the kind of value they return, as data for the expression
 * reader (`jinja.ts`). Source: Jinja's builtin filters (`jinja2/filters.py`) and ansible-core's
 * `plugins/filter/core.py` and `mathstuff.py`.
 */
import type { Kind } from './jinja.js';

/** Filters whose result is never a boolean, by the kind they return (Jinja's and ansible-core's builtin filters). */
export const FILTER_KINDS: Readonly<Record<string, Kind>> = {
  length: 'int', count: 'int', int: 'int', wordcount: 'int',
  float: 'float', abs: 'unknown', round: 'float',
  string: 'str', lower: 'str', upper: 'str', trim: 'str', join: 'str', replace: 'str', regex_replace: 'str', capitalize: 'str',
  title: 'str', center: 'str', format: 'str', b64encode: 'str', b64decode: 'str', basename: 'str', dirname: 'str', to_json: 'str',
  to_nice_json: 'str', to_yaml: 'str', to_nice_yaml: 'str', quote: 'str', hash: 'str', checksum: 'str', password_hash: 'str',
  expanduser: 'str', realpath: 'str', urlencode: 'str', comment: 'str', indent: 'str', truncate: 'str', striptags: 'str', escape: 'str',
  list: 'list', split: 'list', select: 'list', reject: 'list', selectattr: 'list', rejectattr: 'list', map: 'list', unique: 'list',
  sort: 'list', flatten: 'list', dict2items: 'list', zip: 'list', difference: 'list', intersect: 'list', union: 'list',
  symmetric_difference: 'list', batch: 'list', slice: 'list', regex_findall: 'list', product: 'list', permutations: 'list',
  combinations: 'list', subelements: 'list', shuffle: 'list', reverse: 'list',
  dict: 'dict', combine: 'dict', items2dict: 'dict', from_json: 'unknown', from_yaml: 'unknown',
  bool: 'bool',
};
