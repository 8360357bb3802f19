/** `terraform fmt` (or OpenTofu's `tofu fmt`) as a formatter. */
import path from 'node:path';
import { TERRAFORM_ENV } from '../../check/checkers/terraform/shared.js';
import { formatWith } from './run.js';
import type { Formatter } from './types.js';

/**
 * `terraform fmt -no-color -`: with `-` as its only argument, `terraform fmt` reads standard input
 * and prints the formatted text on stdout (Terraform docs, "Command: fmt": "If DIR is `-`, then
 * content will be read from STDIN"); exit 0 formatted, 2 on a syntax error (confirmed with
 * Terraform 1.11.4). `tofu fmt` takes the same arguments. Runs in the file's folder.
 */
export const terraformFormatter: Formatter = {
  id: 'terraform fmt',
  repairs: ['terraform-fmt:fmt'],
  fileTypes: ['terraform'],
  format: (file) =>
    formatWith(
      [
        { command: 'terraform', args: ['fmt', '-no-color', '-'] },
        { command: 'tofu', args: ['fmt', '-no-color', '-'] },
      ],
      file.text,
      path.dirname(file.absPath),
      TERRAFORM_ENV,
    ),
};
