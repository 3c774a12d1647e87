package io.expaudit.config;

import java.io.Serializable;
import java.util.List;

/**
 * One targeting condition (spec §6).
 *
 * @param selector path into the evaluation target ({@code context...} or {@code result...})
 * @param op the operator name as served, e.g. {@code "is not"}; unknown names are kept, not rejected
 * @param values filter values in served order, duplicates kept (engines differ on them, spec §6.9)
 */
public record ConditionConfig(List<String> selector, String op, List<String> values)
    implements Serializable {}
