/**
 * Parameters for the batch statements that insert many rows at once (`INSERT … SELECT … FROM unnest(…)`):
 * each column's values as one array literal (pg-array.ts), referred to by number in the order added, so a
 * statement is written by column name, never by counting sixty positional parameters. The same columns in
 * the same order give the same SQL text, so the statement stays one prepared plan.
 */
import { arrayLiteral } from './pg-array.ts';

/** A column: its PostgreSQL element type and its values, one per row. */
export type Column = readonly [type: string, values: readonly unknown[]];

export class BatchParams {
  readonly values: unknown[] = [];

  /** A single parameter; returns its `$n`. */
  value(v: unknown, cast?: string): string {
    this.values.push(v);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }

  /** `unnest($1::bigint[], $2::text[], …) AS alias(col1, col2, …)` for these columns (all of one length). */
  unnest(alias: string, columns: Record<string, Column>, opts: { ordinality?: string } = {}): string {
    const refs = Object.values(columns).map(([type, values]) => this.value(arrayLiteral(values), `${type}[]`));
    const names = Object.keys(columns);
    return `unnest(${refs.join(', ')})${opts.ordinality ? ' WITH ORDINALITY' : ''} AS ${alias}(${[...names, ...(opts.ordinality ? [opts.ordinality] : [])].join(', ')})`;
  }
}
