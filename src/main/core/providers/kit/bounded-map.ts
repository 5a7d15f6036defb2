/**
 * A Map that keeps at most `max` entries: setting a key makes it the newest, and the oldest
 * entry goes once there are more. What an adapter remembers between pages (participants per
 * conversation) stays bounded however long the app runs.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) super.delete(super.keys().next().value!);
    return this;
  }
}
