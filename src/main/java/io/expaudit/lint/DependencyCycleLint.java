package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import io.expaudit.model.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code DEPENDENCY_CYCLE} (ERROR): flags of one snapshot whose {@code dependencies} (among flags
 * in the payload) form a cycle, a flag depending on itself included. Both of Amplitude's engines
 * throw on a cycle while sorting (spec §4.1), so a local-evaluation SDK fails to evaluate the
 * payload. One finding per flag on the cycle, naming the cycle.
 */
public final class DependencyCycleLint implements ConfigLint {
  @Override
  public String id() {
    return "DEPENDENCY_CYCLE";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String explanation() {
    return "Flags with dependencies (prerequisites, holdouts, mutual exclusion) are evaluated after"
        + " the flags they read. When the dependencies loop back, Amplitude's SDKs throw while"
        + " ordering the flags: local evaluation fails for every flag of the deployment, not just"
        + " those on the loop, and users get the fallback of whatever calls the SDK.";
  }

  @Override
  public String fixHint() {
    return "Remove one prerequisite on the loop (in Amplitude: the flag's Prerequisites, or its"
        + " holdout or mutual-exclusion group) so that dependencies point one way.";
  }

  @Override
  public List<LintFinding> lint(FlagHistory history, LintSettings settings) {
    List<LintFinding> findings = new ArrayList<>();
    for (Snapshot snapshot : history.snapshots()) {
      Map<String, FlagConfig> byKey = new LinkedHashMap<>();
      for (FlagConfig flag : snapshot.flags()) {
        byKey.putIfAbsent(flag.key(), flag);
      }
      for (List<String> component : new Components(byKey).cyclic()) {
        String cycle = String.join(" → ", cyclePath(byKey, component));
        for (String key : component) {
          FlagConfig flag = byKey.get(key);
          long version = flag.flagVersion() == null ? 0 : flag.flagVersion();
          findings.add(finding(history.version(key, version), null,
              component.size() == 1 ? "SELF" : "CYCLE",
              "Dependencies loop: " + cycle + "; the SDKs cannot order these flags."));
        }
      }
    }
    return findings;
  }

  /** A shortest loop through the component's first key, as keys with the first repeated last. */
  private static List<String> cyclePath(Map<String, FlagConfig> byKey, List<String> component) {
    String start = component.get(0);
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    parent.put(start, null);
    while (!queue.isEmpty()) {
      String at = queue.poll();
      for (String next : byKey.get(at).dependencies()) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>();
          for (String k = at; k != null; k = parent.get(k)) {
            path.add(0, k);
          }
          path.add(start);
          return path;
        }
        if (component.contains(next) && !parent.containsKey(next)) {
          parent.put(next, at);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no loop through " + start); // a cyclic component has one
  }

  /** Tarjan's strongly connected components over dependency edges within the payload. */
  private static final class Components {
    private final Map<String, FlagConfig> byKey;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<List<String>> cyclic = new ArrayList<>();

    Components(Map<String, FlagConfig> byKey) {
      this.byKey = byKey;
    }

    List<List<String>> cyclic() {
      for (String key : byKey.keySet()) {
        if (!index.containsKey(key)) {
          visit(key);
        }
      }
      return cyclic;
    }

    private void visit(String key) {
      index.put(key, index.size());
      low.put(key, index.get(key));
      stack.push(key);
      for (String next : byKey.get(key).dependencies()) {
        if (!byKey.containsKey(next)) {
          continue; // missing dependencies are skipped by the SDKs (spec §4.1)
        }
        if (!index.containsKey(next)) {
          visit(next);
          low.put(key, Math.min(low.get(key), low.get(next)));
        } else if (stack.contains(next)) {
          low.put(key, Math.min(low.get(key), index.get(next)));
        }
      }
      if (low.get(key).equals(index.get(key))) {
        TreeSet<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          component.add(member);
        } while (!member.equals(key));
        if (component.size() > 1 || byKey.get(key).dependencies().contains(key)) {
          cyclic.add(List.copyOf(component));
        }
      }
    }
  }
}
