/**
 * A TypeBox union of string literals that keeps the literal types, so a list like the 22
 * end reasons stays one source for both the validator and the static type.
 */
import { Type, type TLiteral, type TUnion, type SchemaOptions } from '@sinclair/typebox';

export function literalUnion<const T extends readonly string[]>(
  values: T,
  options?: SchemaOptions,
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v)), options) as never;
}
