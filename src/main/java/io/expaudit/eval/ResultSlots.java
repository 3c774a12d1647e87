package io.expaudit.eval;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** The results so far, as a read-only map view over the outcome slots (evaluation order). */
final class ResultSlots extends AbstractMap<String, FlagResult> {
  private final Map<String, Integer> slotOf;
  private final FlagResult[] slots;

  ResultSlots(Map<String, Integer> slotOf, FlagResult[] slots) {
    this.slotOf = slotOf;
    this.slots = slots;
  }

  @Override
  public FlagResult get(Object key) {
    Integer i = slotOf.get(key);
    if (i == null) {
      return null;
    }
    FlagResult r = slots[i];
    return r == null || r.variant() == null ? null : r;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Entry<String, FlagResult>> entrySet() {
    return new AbstractSet<Entry<String, FlagResult>>() {
      @Override
      public Iterator<Entry<String, FlagResult>> iterator() {
        return new Iterator<Entry<String, FlagResult>>() {
          int next = advance(0);

          int advance(int from) {
            while (from < slots.length && (slots[from] == null || slots[from].variant() == null)) {
              from++;
            }
            return from;
          }

          @Override
          public boolean hasNext() {
            return next < slots.length;
          }

          @Override
          public Entry<String, FlagResult> next() {
            if (next >= slots.length) {
              throw new NoSuchElementException();
            }
            FlagResult r = slots[next];
            next = advance(next + 1);
            return new SimpleImmutableEntry<>(r.flagKey(), r);
          }
        };
      }

      @Override
      public int size() {
        int n = 0;
        for (FlagResult r : slots) {
          if (r != null && r.variant() != null) {
            n++;
          }
        }
        return n;
      }
    };
  }
}
