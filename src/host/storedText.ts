/**
 * The JSON text a store read an item from (its data without the eTag, as the store wrote it), kept
 * beside the parsed item so state need not serialize it once more to tell later changes. Only stores
 * that write `JSON.stringify` of the item without its eTag may remember it (SqliteStorage); for the
 * others state serializes the item itself.
 */
const texts = new WeakMap<object, string>();

export function rememberStoredText(item: object, text: string): void {
  texts.set(item, text);
}

export function storedTextOf(item: object): string | undefined {
  return texts.get(item);
}
