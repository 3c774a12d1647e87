"""expaudit nightly: snapshot the flags, audit yesterday, keep the report (Airflow 2.x DAGs).

Copy this file into the DAG folder. Each run audits the day before its run date, the window
[data_interval_start, data_interval_end) of a daily schedule, and writes to a folder named after
that day, so that a rerun or a backfill of a day replaces that day's result and nothing else
(the audit swaps its output folder in only when complete).

A second DAG, expaudit_flag_snapshots, snapshots the flags every hour: the audit knows a config
version only if a snapshot captured it, and dates the versions of events without details by
their first capture (snapshot-flags writes a file only when a version changed).

Settings are Airflow Variables, read when a task runs (never at parse time):

  expaudit_home      where jobs/expaudit-submit and target/expaudit-*-spark-submit.jar are
                     installed (default /opt/expaudit)
  expaudit_root      s3a:// folder for snapshots (flags/) and results (runs/<day>/)
  expaudit_events    s3a:// folder of the Amplitude export for the window
  expaudit_spark     extra spark-submit options, e.g. "--master yarn --conf spark.executor.memory=8g"
  expaudit_fail_on   INFO, WARN or ERROR (default ERROR; a manual run can set params.fail_on)
  expaudit_conf      optional settings file for audit --conf (local or s3a://; see conf/README.md)

Secrets are not settings: the Amplitude deployment key is the worker's environment variable
AMPLITUDE_DEPLOYMENT_KEY (from the deployment's secret store), and S3 credentials come from the AWS
default provider chain (instance profile, web identity, or environment variables). None of them
is in this file, in a Variable or on a command line.

Exit status of the audit, as the tasks treat it: 0 passes; 1 (findings at or above fail_on) and 2
(bad input) fail the task without retries, since a rerun would find the same; 3 and anything else
(an internal or infrastructure failure) fail it with the task's retries.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException

try:  # Airflow 2
    from airflow.operators.python import PythonOperator
except ImportError:  # Airflow 3 moved the standard operators into a provider
    from airflow.providers.standard.operators.python import PythonOperator

log = logging.getLogger(__name__)

HOME = "{{ var.value.get('expaudit_home', '/opt/expaudit') }}"
ROOT = "{{ var.value.get('expaudit_root', 's3a://analytics/expaudit') }}"
SPARK = "{{ var.value.get('expaudit_spark', '--master yarn') }}"

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def run_expaudit(home: str, spark_options: str, command: list[str]) -> int:
    """Runs jobs/expaudit-submit, streams its output (the audit's progress lines) into the task log
    and returns its exit status."""
    argv = [os.path.join(home, "jobs", "expaudit-submit"), *shlex.split(spark_options), "--", *command]
    log.info("running %s", shlex.join(argv))
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          encoding="utf-8", errors="replace") as process:
        for line in process.stdout:
            log.info("%s", line.rstrip("\n"))
        return process.wait()


def snapshot_flags(home: str, spark_options: str, root: str) -> None:
    """Captures the deployment's flag configs into <root>/flags/ when a flag version changed.
    Taken before the audit, so that versions first served yesterday are in the history."""
    status = run_expaudit(home, spark_options, [
        "snapshot-flags", "--out", f"{root}/flags/", "--deployment-key-env", "AMPLITUDE_DEPLOYMENT_KEY"])
    if status == EXIT_BAD_INPUT:
        raise AirflowFailException("snapshot-flags: bad usage, or the key was refused (exit 2); see the log")
    if status != 0:
        raise AirflowException(f"snapshot-flags failed with exit status {status}")


def audit(home: str, spark_options: str, root: str, events: str, day: str, next_day: str,
          fail_on: str, conf: str = "", ti=None) -> str:
    """Audits [day, next_day) into <root>/runs/<day>/ and returns that folder; the report
    (summary.json, findings/, report.html) stays there, also when the task fails on findings."""
    out = f"{root}/runs/{day}"
    command = ["audit", "--flags", f"{root}/flags/", "--events", events, "--out", out,
               "--from", day, "--to", next_day, "--fail-on", fail_on]
    if conf:
        command += ["--conf", conf]
    status = run_expaudit(home, spark_options, command)
    if status in (0, EXIT_FINDINGS) and ti is not None:
        ti.xcom_push(key="report", value=f"{out}/report.html")
        ti.xcom_push(key="summary", value=f"{out}/summary.json")
    if status == 0:
        log.info("no finding at or above %s; report in %s", fail_on, out)
        return out
    if status == EXIT_FINDINGS:
        raise AirflowFailException(f"findings at or above {fail_on} on {day}: see {out}/report.html")
    if status == EXIT_BAD_INPUT:
        raise AirflowFailException(f"bad input for {day} (exit 2): the log names the file and record")
    raise AirflowException(f"expaudit audit failed with exit status {status}")


with DAG(
    dag_id="expaudit_nightly",
    description="Feature-flag experiment audit of the previous day",
    schedule="0 3 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    params={"fail_on": ""},
    default_args={"retries": 1, "retry_delay": timedelta(minutes=15)},
    tags=["expaudit"],
    doc_md=__doc__,
) as nightly_dag:
    snapshot = PythonOperator(
        task_id="snapshot_flags",
        python_callable=snapshot_flags,
        op_kwargs={"home": HOME, "spark_options": SPARK, "root": ROOT},
    )
    audit_yesterday = PythonOperator(
        task_id="audit_yesterday",
        python_callable=audit,
        op_kwargs={
            "home": HOME,
            "spark_options": SPARK,
            "root": ROOT,
            "events": "{{ var.value.get('expaudit_events', 's3a://analytics/amplitude/') }}",
            "day": "{{ data_interval_start | ds }}",
            "next_day": "{{ data_interval_end | ds }}",
            "fail_on": "{{ params.fail_on or var.value.get('expaudit_fail_on', 'ERROR') }}",
            "conf": "{{ var.value.get('expaudit_conf', '') }}",
        },
        execution_timeout=timedelta(hours=4),
    )
    snapshot >> audit_yesterday


with DAG(
    dag_id="expaudit_flag_snapshots",
    description="Hourly capture of the flag configs, for the nightly audit",
    schedule="@hourly",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["expaudit"],
) as snapshot_dag:
    PythonOperator(
        task_id="snapshot_flags",
        python_callable=snapshot_flags,
        op_kwargs={"home": HOME, "spark_options": SPARK, "root": ROOT},
        execution_timeout=timedelta(minutes=20),
    )
