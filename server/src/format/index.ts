/** The report formats by name: each a pure function from findings (+ options) to the report's text. */
import { formatGithub } from './github';
import { formatJson, jsonReportChunks } from './json';
import { formatSarif, sarifReportChunks } from './sarif';
import { formatText } from './text';
import type { FormatOptions, ReportInput } from './types';

export const FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} as const satisfies Record<string, (input: ReportInput, options: FormatOptions) => string>;

export type FormatName = keyof typeof FORMATS;

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(FORMATS, name);
}

export function formatReport(name: FormatName, input: ReportInput, options: FormatOptions): string {
  return FORMATS[name](input, options);
}

/** The report in pieces to write one after the other: JSON's and SARIF's findings are made as they are written (jsonPieces.ts), the others' whole. */
export function formatReportChunks(name: FormatName, input: ReportInput, options: FormatOptions): Iterable<string> {
  if (name === 'json') return jsonReportChunks(input, options);
  if (name === 'sarif') return sarifReportChunks(input, options);
  return [formatReport(name, input, options)];
}

export type { FormatOptions, ReportInput } from './types';
