package io.expaudit.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an evaluation context from an SDK-style user, as the server SDKs do (spec §5.3): every
 * field except {@code groups}, {@code group_properties} and {@code group_cohort_ids} goes under
 * {@code context.user} (null fields dropped), and each group type keeps only its first group
 * name, with that group's properties and cohort ids when non-empty.
 */
public final class ExperimentUsers {
  private ExperimentUsers() {}

  public static Map<String, Object> toContext(Map<String, Object> user) {
    Map<String, Object> context = new LinkedHashMap<>();
    if (user == null) {
      return context;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : user.entrySet()) {
      String k = e.getKey();
      if (e.getValue() != null
          && !k.equals("groups")
          && !k.equals("group_properties")
          && !k.equals("group_cohort_ids")) {
        fields.put(k, e.getValue());
      }
    }
    context.put("user", fields);
    if (user.get("groups") instanceof Map<?, ?> groups) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> g : groups.entrySet()) {
        if (!(g.getValue() instanceof List<?> names)
            || names.isEmpty()
            || !(names.get(0) instanceof String name)
            || name.isEmpty()) {
          continue;
        }
        String type = (String) g.getKey();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("group_name", name);
        Object props = nested(user.get("group_properties"), type, name);
        if (props instanceof Map<?, ?> m && !m.isEmpty()) {
          entry.put("group_properties", props);
        }
        Object cohorts = nested(user.get("group_cohort_ids"), type, name);
        if (cohorts instanceof List<?> l && !l.isEmpty()) {
          entry.put("cohort_ids", cohorts);
        }
        out.put(type, entry);
      }
      if (!out.isEmpty()) {
        context.put("groups", out);
      }
    }
    return context;
  }

  private static Object nested(Object map, String type, String name) {
    if (map instanceof Map<?, ?> byType && byType.get(type) instanceof Map<?, ?> byName) {
      return byName.get(name);
    }
    return null;
  }
}
