package io.expaudit.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a finding means and what to do about it, in plain words for the people who read the report,
 * per check id and cause of DESIGN.md's checks table.
 *
 * @param title the check in a few words
 * @param what what happened; a {@code {n}} in it stands for "1 unit" / "12 units"
 * @param todo what to do next
 */
public record Advice(String title, String what, String todo) {

  private static final Map<String, Advice> BY_KEY = new LinkedHashMap<>();

  private static void add(String check, String cause, String title, String what, String todo) {
    BY_KEY.put(key(check, cause), new Advice(title, what, todo));
  }

  private static String key(String check, String cause) {
    return cause == null ? check : check + "/" + cause;
  }

  static {
    String wrong = "Wrong variant logged";
    add("ASSIGNMENT_MISMATCH", "BUCKET", wrong,
        "{n} got a different variant than the hash bucket gives, in the segment the configuration picks",
        "The app bucketed these users differently from Amplitude's algorithm with the same config."
            + " Check that every app hashes the id the segment buckets on (user id or device id), and"
            + " that no code forces a variant (QA overrides, hard-coded fallbacks, a stale local cache)."
            + " The detail column of findings/ shows the recomputed hash of each unit.");
    add("ASSIGNMENT_MISMATCH", "SEGMENT", wrong,
        "{n} got a variant from another targeting segment than the one the event's properties match",
        "The app evaluated targeting with other user properties than its events carry, usually"
            + " because flags were fetched before the properties were set. Fetch variants after"
            + " identifying the user and setting the properties that targeting reads, and fetch again"
            + " when they change.");
    add("ASSIGNMENT_MISMATCH", "DEPENDENCY", wrong,
        "{n} got a variant although a holdout or mutual-exclusion group should have kept them out",
        "The evaluation skipped the flag's dependency. Check that the holdout or mutual-exclusion"
            + " flags are deployed to the same deployment as this flag and that the apps evaluate"
            + " them. These users are contaminated: exclude them from the analysis.");
    add("ASSIGNMENT_MISMATCH", "EXCLUDED_BUT_ASSIGNED", wrong,
        "{n} got a variant although they should have had none (outside the rollout or targeting,"
            + " or the flag was no longer served)",
        "These users should not be in the experiment. Look for variants cached from before a"
            + " rollout decrease or an archive, or a variant set in code; exclude them from the analysis.");
    add("ASSIGNMENT_MISMATCH", "CONFIG_VERSION_UNKNOWN", "Unknown config version",
        "{n} logged a config version that no captured snapshot holds, so they could not be checked",
        "Capture flag snapshots more often (expaudit snapshot-flags after every change, or hourly) so"
            + " that every version the apps served is known, then run the audit again.");

    String jump = "Users switching variants";
    add("VARIANT_JUMP", "CONFIG_CHANGE", jump,
        "{n} switched variant when the flag's configuration changed (weights, rollout or salt)",
        "A configuration change moved users who were already in the experiment. Analyse only users"
            + " who entered after the change, or exclude the switchers. Next time, grow the rollout"
            + " without changing the weights of running variants, or start a new experiment.");
    add("VARIANT_JUMP", "IDENTITY_CHANGE", jump,
        "{n} switched variant because the id the flag buckets on changed (a second device, a reset"
            + " device id)",
        "Bucket by an id that stays the same for a person (user id once people log in), or analyse"
            + " by the id the flag buckets on. Exclude the switchers or analyse them separately.");
    add("VARIANT_JUMP", "TARGETING_CHANGE", jump,
        "{n} switched variant because their properties moved them into another targeting segment",
        "Targeting on properties that change during the test (plan, country, app version) moves"
            + " users between segments. Target on properties that do not change, or analyse per"
            + " segment and exclude the movers.");
    add("VARIANT_JUMP", "UNEXPLAINED", jump,
        "{n} switched variant with the same ids and the same configuration: an app or caching bug",
        "Nothing in the configuration or the ids explains these switches. Open the timelines below,"
            + " look for variant overrides in the app, variants cached across users on a shared"
            + " device, and the app and SDK versions involved; exclude these users from the analysis.");

    String leak = "Experiment property missing";
    add("NULL_PROPERTY_LEAK", "EXPOSURE_WITHOUT_VARIANT", leak,
        "{n} sent an exposure without a variant, which removes them from the analysis",
        "The app tracked an exposure before a variant was known (for example before flags finished"
            + " loading). Track the exposure only once the fetch has completed and a variant is set.");
    add("NULL_PROPERTY_LEAK", "PROPERTY_UNSET_AFTER_ASSIGNMENT", leak,
        "{n} lost the experiment's user property after being assigned, so later events are not"
            + " counted for their variant",
        "Events after the assignment lack the [Experiment] user property. Look for identity resets,"
            + " code that clears or overwrites user properties, and events sent by another app or"
            + " server without the property.");
    add("NULL_PROPERTY_LEAK", "EXPOSURE_BEFORE_ASSIGNMENT", leak,
        "{n} were exposed before their first assignment event",
        "The variant was shown before the assignment was recorded (a race at start-up, or a cached"
            + " variant). Record the assignment when variants are fetched, before showing one.");
    add("NULL_PROPERTY_LEAK", "EXPOSURE_WITHOUT_ASSIGNMENT", leak,
        "{n} were exposed without any assignment event in the window",
        "These users saw a variant that was never recorded as assigned. Check that assignment"
            + " tracking is on in every app and server SDK that evaluates this flag.");

    String srm = "Sample ratio mismatch";
    add("SAMPLE_RATIO_MISMATCH", null, srm,
        "the number of users per variant is further from the configured split than chance allows",
        "Do not trust this experiment's results until the cause is found. The funnel shows the first"
            + " stage where the split breaks.");
    add("SAMPLE_RATIO_MISMATCH", "ASSIGNMENT_SIDE", srm,
        "the number of users per variant is off, and the wrongly logged variants explain it",
        "Fix the wrong-variant findings of this flag first; the split follows. Until then, do not"
            + " trust its results.");
    add("SAMPLE_RATIO_MISMATCH", "CAPTURE_SIDE", srm,
        "the number of users per variant is off although the assignments agree: some variants lose"
            + " users after assignment",
        "Something drops users of one variant after assignment: crashes, a slower page, tracking"
            + " that only one variant's code sends. The funnel shows where users go missing. Do not"
            + " trust the results until it is fixed.");
    add("SAMPLE_RATIO_MISMATCH", "JUMPER_EXCLUSION", srm,
        "the number of users per variant is off because excluding the switchers removes more users"
            + " from one variant",
        "Fix what makes users switch (see the switching findings), or analyse switchers in their"
            + " first variant instead of excluding them.");

    String config = "Configuration problem";
    add("SEGMENT_STARVATION", null, config,
        "an earlier segment takes everyone (or a 0 % rollout segment ends the evaluation), so the"
            + " segments after it get nobody",
        "Reorder the segments or fix the earlier segment's rollout so that the experiment's users"
            + " can reach their segment.");
    add("UNREACHABLE_SEGMENT", null, config,
        "a segment can never match anyone",
        "Remove the segment or fix its conditions (conditions that contradict each other, or an"
            + " earlier segment that matches everyone first).");
    add("SALT_REUSE", null, config,
        "this flag buckets with the same salt as another flag, so both put the same people in the"
            + " same buckets",
        "Give every experiment its own salt; otherwise the two experiments' results are entangled.");
    add("UNEQUAL_WEIGHTS", null, config,
        "the variants have unequal weights",
        "Make sure this is intended: unequal splits need more users, and comparisons break if the"
            + " weights change while the experiment runs.");
    add("FALLBACK_NOT_CONTROL", null, config,
        "users outside the experiment get a variant other than control or off",
        "Make the default variant off or control, so that excluded users keep today's experience.");
    add("NAMING_CONVENTION", null, config,
        "the flag's key or a variant's name breaks the naming convention",
        "Rename it following the conventions configured in conf/.");
    add("DEPENDENCY_CYCLE", null, config,
        "flags depend on each other in a cycle, so they cannot be evaluated",
        "Break the cycle in the holdout and mutual-exclusion setup.");
    add("STALE_FLAG", null, config,
        "the flag has not changed for a long time",
        "If the experiment is over, ship the winning variant and archive the flag.");
    add("REWEIGHT_JUMP_FORECAST", null, config,
        "a configuration change will move users who are already in the experiment to another variant",
        "Before changing it, consider starting a new experiment instead; users who move must be"
            + " excluded from the analysis.");
  }

  /**
   * The advice for a check and cause: the cause's own, else the check's, else a generic text naming
   * the check (a check this table does not know yet still reads sensibly).
   */
  public static Advice of(String check, String cause) {
    Advice advice = BY_KEY.get(key(check, cause));
    if (advice == null) {
      advice = BY_KEY.get(check);
    }
    if (advice == null) {
      String name = check.toLowerCase(Locale.ROOT).replace('_', ' ');
      advice = new Advice(name, "{n} with findings of " + check
          + (cause == null || cause.equals("(none)") ? "" : " (" + cause + ")"),
          "Read the definition of " + check + " in DESIGN.md and the detail column of findings/.");
    }
    return advice;
  }

  /** Whether this table has advice written for exactly this check and cause. */
  public static boolean written(String check, String cause) {
    return BY_KEY.containsKey(key(check, cause));
  }

  /** {@link #what} with {@code {n}} replaced by the count of units. */
  public String what(long units) {
    return what.replace("{n}", units == 1 ? "1 user" : String.format(Locale.ROOT, "%,d users", units));
  }
}
