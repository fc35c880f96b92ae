/** A problem found by a rule: where (a config path) and what (without the field name). */
export interface Issue {
  readonly path: (string | number)[];
  readonly message: string;
}
/** A warning: a setting that has no effect in the chosen mode. */
export interface Warning {
  readonly path: (string | number)[];
  readonly message: string;
}
