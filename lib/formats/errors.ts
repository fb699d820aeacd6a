// Every reader reports bad input through this one type, so callers (CLI, BYOM,
// recipes) can tell a broken file from a bug and show the message as is.

export type ModelErrorCode =
  | 'bad-identifier'
  | 'truncated'
  | 'out-of-range'
  | 'too-large'
  | 'bad-shape'
  | 'bad-buffer'
  | 'unknown-op'
  | 'unsupported'
  | 'cycle'
  | 'dangling-tensor'
  | 'bad-value'
  | 'missing-file';

export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    /** Which file or graph element the problem is in, e.g. "subgraph 0 / tensor 17". */
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}
