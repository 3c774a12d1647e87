"""Checks jobs/expaudit_nightly.py without Airflow installed.

It loads the DAG file under a minimal stand-in for the part of Airflow's API the file uses (DAG,
PythonOperator, the two exceptions), renders the tasks' templates with Jinja2 as Airflow would for
one run date, and calls the task functions against a fake jobs/expaudit-submit that records its
arguments and exits with a chosen status. What it cannot show: that a real Airflow accepts the
DAG's arguments. Usage: check_dag.py DAG_FILE WORK_DIR; prints "N passed, 0 failed" or raises.
"""

import datetime
import importlib.util
import json
import os
import stat
import sys
import types

import jinja2

dag_file, work = sys.argv[1], sys.argv[2]


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class DAG:
    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, []

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *exc):
        DAG.current = None


class PythonOperator:
    def __init__(self, task_id, python_callable, op_kwargs=None, **kwargs):
        self.task_id, self.python_callable, self.op_kwargs = task_id, python_callable, op_kwargs or {}
        self.kwargs, self.downstream = kwargs, []
        DAG.current.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


def module(name, **attributes):
    m = types.ModuleType(name)
    m.__dict__.update(attributes)
    sys.modules[name] = m
    return m


module("airflow", DAG=DAG)
module("airflow.exceptions", AirflowException=AirflowException, AirflowFailException=AirflowFailException)
module("airflow.operators")
module("airflow.operators.python", PythonOperator=PythonOperator)

spec = importlib.util.spec_from_file_location("expaudit_nightly", dag_file)
nightly = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nightly)

checks = 0


def check(condition, message):
    global checks
    if not condition:
        raise AssertionError(message)
    checks += 1


dag = nightly.nightly_dag
tasks = {t.task_id: t for t in dag.tasks}
check(dag.dag_id == "expaudit_nightly", dag.dag_id)
check(list(tasks) == ["snapshot_flags", "audit_yesterday"], list(tasks))
check(tasks["snapshot_flags"].downstream == [tasks["audit_yesterday"]], "the snapshot runs before the audit")
check(dag.kwargs["catchup"] is False and dag.kwargs["max_active_runs"] == 1, dag.kwargs)
hourly = nightly.snapshot_dag
check(hourly.dag_id == "expaudit_flag_snapshots" and hourly.kwargs["schedule"] == "@hourly", hourly.kwargs)
check([t.python_callable for t in hourly.tasks] == [nightly.snapshot_flags], hourly.tasks)

# Render the templates as Airflow would for the run of 2026-11-22 03:00 UTC (interval: the 21st).
variables = {"expaudit_home": os.path.join(work, "home"), "expaudit_root": "s3a://bucket/expaudit",
             "expaudit_events": "s3a://bucket/amplitude/123/", "expaudit_spark": "--master yarn --conf a=b c"}


class VariableAccessor:
    def get(self, key, default=None):
        return variables.get(key, default)


env = jinja2.Environment(undefined=jinja2.StrictUndefined)
env.filters["ds"] = lambda value: value.strftime("%Y-%m-%d")
context = {"var": {"value": VariableAccessor()}, "params": {"fail_on": ""},
           "data_interval_start": datetime.datetime(2026, 11, 21, 3, tzinfo=datetime.timezone.utc),
           "data_interval_end": datetime.datetime(2026, 11, 22, 3, tzinfo=datetime.timezone.utc)}


def rendered(task, **params):
    ctx = dict(context, params=dict(context["params"], **params))
    return {k: env.from_string(v).render(ctx) for k, v in task.op_kwargs.items()}


audit_kwargs = rendered(tasks["audit_yesterday"])
check(audit_kwargs["day"] == "2026-11-21" and audit_kwargs["next_day"] == "2026-11-22", audit_kwargs)
check(audit_kwargs["fail_on"] == "ERROR", audit_kwargs)
check(rendered(tasks["audit_yesterday"], fail_on="WARN")["fail_on"] == "WARN", "params.fail_on wins")
snapshot_kwargs = rendered(tasks["snapshot_flags"])
check(rendered(hourly.tasks[0]) == snapshot_kwargs, "both DAGs snapshot into the same folder")

# A fake jobs/expaudit-submit: records its arguments, exits with the status in FAKE_EXIT.
os.makedirs(os.path.join(work, "home", "jobs"), exist_ok=True)
fake = os.path.join(work, "home", "jobs", "expaudit-submit")
record = os.path.join(work, "argv.json")
with open(fake, "w", encoding="utf-8") as f:
    f.write("#!%s\nimport json, os, sys\n" % sys.executable
            + "json.dump(sys.argv[1:], open(%r, 'w'))\n" % record
            + "print('expaudit audit: [   1.0s] progress line')\n"
            + "sys.exit(int(os.environ['FAKE_EXIT']))\n")
os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)


class TaskInstance:
    def __init__(self):
        self.xcom = {}

    def xcom_push(self, key, value):
        self.xcom[key] = value


def run(function, kwargs, exit_status):
    os.environ["FAKE_EXIT"] = str(exit_status)
    ti = TaskInstance()
    try:
        result = function(**kwargs, ti=ti) if function is nightly.audit else function(**kwargs)
        outcome = "ok"
    except AirflowFailException as e:
        result, outcome = str(e), "fail"
    except AirflowException as e:
        result, outcome = str(e), "retry"
    with open(record, encoding="utf-8") as f:
        argv = json.load(f)
    return outcome, result, argv, ti.xcom


outcome, result, argv, xcom = run(nightly.audit, audit_kwargs, 0)
check(outcome == "ok" and result == "s3a://bucket/expaudit/runs/2026-11-21", (outcome, result))
check(argv == ["--master", "yarn", "--conf", "a=b", "c", "--", "audit", "--flags", "s3a://bucket/expaudit/flags/",
               "--events", "s3a://bucket/amplitude/123/", "--out", "s3a://bucket/expaudit/runs/2026-11-21",
               "--from", "2026-11-21", "--to", "2026-11-22", "--fail-on", "ERROR"], argv)
check(xcom == {"report": "s3a://bucket/expaudit/runs/2026-11-21/report.html",
               "summary": "s3a://bucket/expaudit/runs/2026-11-21/summary.json"}, xcom)

variables["expaudit_conf"] = "s3a://bucket/expaudit/expaudit.properties"
outcome, result, argv, xcom = run(nightly.audit, rendered(tasks["audit_yesterday"]), 0)
check(argv[-2:] == ["--conf", "s3a://bucket/expaudit/expaudit.properties"], argv)
del variables["expaudit_conf"]

outcome, result, argv, xcom = run(nightly.audit, audit_kwargs, 1)
check(outcome == "fail" and "report.html" in result, (outcome, result))
check("report" in xcom, "the report's place is kept when the task fails on findings")
for status, expected in [(2, "fail"), (3, "retry"), (137, "retry")]:
    outcome, result, argv, xcom = run(nightly.audit, audit_kwargs, status)
    check(outcome == expected and xcom == {}, (status, outcome, result, xcom))

outcome, result, argv, xcom = run(nightly.snapshot_flags, snapshot_kwargs, 0)
check(outcome == "ok", (outcome, result))
check(argv[argv.index("--") + 1:] == ["snapshot-flags", "--out", "s3a://bucket/expaudit/flags/",
                                      "--deployment-key-env", "AMPLITUDE_DEPLOYMENT_KEY"], argv)
check(run(nightly.snapshot_flags, snapshot_kwargs, 2)[0] == "fail", "snapshot exit 2")
check(run(nightly.snapshot_flags, snapshot_kwargs, 3)[0] == "retry", "snapshot exit 3")

print("%d passed, 0 failed" % checks)
