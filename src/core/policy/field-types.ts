/** The value types a declared ticket field may have. */
export const fieldTypes = ['string', 'number', 'boolean', 'date', 'datetime', 'enum', 'list'] as const;
export type FieldType = (typeof fieldTypes)[number];

/** One declared ticket field (`fields:` in the policy): what `ticket.fields.<id>` may hold. */
export interface FieldDef {
  id: string;
  type: FieldType;
  /** Shown to people, by locale: `{ zh-CN: 订单号, en: Order number }`. */
  label?: Record<string, string>;
  /** For `enum`: the allowed values. */
  values?: string[];
  /** Channels on which intake must carry the field (`'*'`: every channel). */
  requiredOn?: string[];
  /** Personal data: masked like the customer's contact data for roles that may not see it. */
  pii?: boolean;
  /** For `string` and each `list` item: the longest value. */
  maxLength?: number;
}

/** `fieldRules:` — what happens to keys no field declares. */
export interface FieldRules {
  /** Refuse undeclared keys in `fields` (default false: kept as they are, unchecked). */
  strict?: boolean;
}
