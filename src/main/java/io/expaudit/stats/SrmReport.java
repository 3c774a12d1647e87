package io.expaudit.stats;

import io.expaudit.model.Finding;
import java.util.List;

/**
 * What {@link SrmAnalysis#analyse} returns.
 *
 * @param flags one entry per flag, sorted by flag key
 * @param findings the {@code SAMPLE_RATIO_MISMATCH} findings: one ERROR per flagged flag version,
 *     one WARN per mismatched slice of a version that is not flagged
 * @param states the sequential states to persist: the previous ones with this run's looks
 *     recorded (states of flag versions absent from this run are kept as they were)
 */
public record SrmReport(List<FlagSrm> flags, List<Finding> findings, SequentialStates states) {
  public SrmReport {
    flags = List.copyOf(flags);
    findings = List.copyOf(findings);
  }
}
