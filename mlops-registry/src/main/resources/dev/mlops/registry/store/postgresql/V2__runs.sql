-- Version 2: training runs (JdbcRunStore). ${schema} is replaced by the quoted schema name.
-- mlops_run.record holds the run's whole record as JSON (the truth, exact to the nanosecond); the
-- other columns and tables are what queries filter and order on, written in the same transaction.
-- Every change to a run locks its row (SELECT ... FOR UPDATE), so changes to one run are serialised
-- across replicas and none is lost.
CREATE TABLE ${schema}.mlops_run (
  id            TEXT COLLATE "C" PRIMARY KEY,
  experiment    TEXT COLLATE "C" NOT NULL,
  parent_run_id TEXT COLLATE "C",
  status        TEXT NOT NULL,
  started_s     BIGINT NOT NULL,
  started_n     INTEGER NOT NULL,
  record        JSONB NOT NULL
);

-- Queries by experiment in start order; nested runs by parent.
CREATE INDEX mlops_run_experiment ON ${schema}.mlops_run (experiment, started_s, started_n, id);
CREATE INDEX mlops_run_parent ON ${schema}.mlops_run (parent_run_id);

-- Parameter and tag equality: param k = v.
CREATE TABLE ${schema}.mlops_run_param (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES ${schema}.mlops_run (id),
  key    TEXT COLLATE "C" NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX mlops_run_param_kv ON ${schema}.mlops_run_param (key, value, run_id);

CREATE TABLE ${schema}.mlops_run_tag (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES ${schema}.mlops_run (id),
  key    TEXT COLLATE "C" NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX mlops_run_tag_kv ON ${schema}.mlops_run_tag (key, value, run_id);

-- The latest value of each metric: metric filters (key = ? AND value > ?) and ordering by a metric.
CREATE TABLE ${schema}.mlops_run_metric (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES ${schema}.mlops_run (id),
  key    TEXT COLLATE "C" NOT NULL,
  value  DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX mlops_run_metric_kv ON ${schema}.mlops_run_metric (key, value, run_id);

-- Every metric point, in logging order per run (seq is allocated under the run's row lock).
CREATE TABLE ${schema}.mlops_run_metric_history (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES ${schema}.mlops_run (id),
  seq    BIGINT NOT NULL,
  key    TEXT COLLATE "C" NOT NULL,
  value  DOUBLE PRECISION NOT NULL,
  step   BIGINT NOT NULL,
  at     TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX mlops_run_metric_history_key ON ${schema}.mlops_run_metric_history (run_id, key, seq);
