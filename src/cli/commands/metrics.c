/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/*
 * vpndiag --metrics: the Prometheus text exposition format 0.0.4 (what the
 * node exporter's textfile collector reads), rendered from the streamed
 * vpndiag-metrics events. Metric families must not interleave, so each
 * family is gathered in a buffer of its own and printed at the end.
 */

#include "command.h"
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static const char *output;

/**
 * The metric families, in output order
 */
enum {
	M_FAILURES,
	M_CONN_UP,
	M_CONN_STATE,
	M_FLAPS,
	M_LAST_TIME,
	M_LAST_INFO,
	M_RECORDS,
	M_EVICTED,
	M_DROPPED,
	M_SUPPRESSED,
	M_SYSLOG_DROPPED,
	M_STATE_FILE,
	M_HEALTHY,
	M_COUNT,
};

static const struct {
	const char *name;
	const char *type;
	const char *help;
} families[M_COUNT] = {
	[M_FAILURES] = { "vpndiag_failures_total", "counter",
		"Failures diagnosed (records that are not informational) by code, "
		"cause and connection; conn=\"\" for failures without a connection" },
	[M_CONN_UP] = { "vpndiag_connection_up", "gauge",
		"1 if the connection has an established IKE_SA, else 0" },
	[M_CONN_STATE] = { "vpndiag_connection_state", "gauge",
		"State of the connection: 1 for the current state, 0 for the others" },
	[M_FLAPS] = { "vpndiag_connection_flaps_24h", "gauge",
		"How often the connection went down in the last 24 hours" },
	[M_LAST_TIME] = { "vpndiag_last_failure_timestamp_seconds", "gauge",
		"Time of the latest failure of the connection (Unix seconds)" },
	[M_LAST_INFO] = { "vpndiag_last_failure_info", "gauge",
		"The latest failure of the connection: its code and cause as labels, "
		"value 1" },
	[M_RECORDS] = { "vpndiag_records", "gauge",
		"Diagnosis records held in the history" },
	[M_EVICTED] = { "vpndiag_records_evicted_total", "counter",
		"Diagnosis records evicted from the history by its caps" },
	[M_DROPPED] = { "vpndiag_events_dropped_total", "counter",
		"Bus events dropped because vpndiag's queue was full" },
	[M_SUPPRESSED] = { "vpndiag_syslog_suppressed_total", "counter",
		"Syslog messages of records without a connection suppressed by "
		"syslog.unattributed_rate" },
	[M_SYSLOG_DROPPED] = { "vpndiag_syslog_dropped_total", "counter",
		"Syslog messages the syslog socket did not take (missing or full)" },
	[M_STATE_FILE] = { "vpndiag_state_file_writable", "gauge",
		"1 if the state file is written (or none is configured), 0 if "
		"writing it failed" },
	[M_HEALTHY] = { "vpndiag_healthy", "gauge",
		"1 if no event was dropped since the previous metrics request and "
		"the state file is writable, else 0" },
};

/** the states of vpndiag-metrics, a state set */
static const char *states[] = {
	"established", "connecting", "waiting-for-traffic", "down", "unloaded",
};

/**
 * Family buffers while the events arrive
 */
typedef struct {
	char *buf[M_COUNT];
	size_t len[M_COUNT];
	FILE *out[M_COUNT];
	int events;
} render_t;

static int parse()
{
	char *arg;
	int c;

	while ((c = command_getopt(&arg)) != EOF)
	{
		switch (c)
		{
			case 'o':
				output = arg;
				break;
			default:
				return command_usage("invalid option");
		}
	}
	return EXIT_OK;
}

/**
 * Print a label value, escaped as the text format wants
 */
static void label(FILE *out, const char *name, const char *value, bool first)
{
	fprintf(out, "%s%s=\"", first ? "" : ",", name);
	for (value = value ?: ""; *value; value++)
	{
		switch (*value)
		{
			case '\\':
				fputs("\\\\", out);
				break;
			case '"':
				fputs("\\\"", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			default:
				fputc(*value, out);
				break;
		}
	}
	fputc('"', out);
}

/**
 * A value as sent, or 0 if missing or not a number
 */
static const char *number(const char *value)
{
	char *end;

	if (!value || !*value)
	{
		return "0";
	}
	strtod(value, &end);
	return *end ? "0" : value;
}

/**
 * A sample with a conn label only
 */
static void conn_sample(render_t *r, int family, const char *conn,
						const char *value)
{
	FILE *out = r->out[family];

	fprintf(out, "%s{", families[family].name);
	label(out, "conn", conn, true);
	fprintf(out, "} %s\n", number(value));
}

static void event(void *ctx, const char *name, vpndiag_vici_node_t *msg)
{
	vpndiag_vici_node_t *failures, *last, *kv;
	const char *conn, *state, *cause;
	render_t *r = ctx;
	char code_id[256];
	size_t i;

	if (command_format() == FORMAT_RAW || command_format() == FORMAT_PRETTY)
	{
		command_dump(name, "event", msg);
		return;
	}
	r->events++;
	conn = vpndiag_vici_get(msg, "conn") ?: "";
	failures = vpndiag_vici_find(msg, "failures", VPNDIAG_VICI_SECTION_START);
	for (kv = failures ? failures->child : NULL; kv; kv = kv->next)
	{
		snprintf(code_id, sizeof(code_id), "%s", kv->name);
		cause = strchr(code_id, '/');
		if (cause)
		{
			*(char*)cause++ = '\0';
		}
		fprintf(r->out[M_FAILURES], "%s{", families[M_FAILURES].name);
		label(r->out[M_FAILURES], "code_id", code_id, true);
		label(r->out[M_FAILURES], "cause", cause ?: "", false);
		label(r->out[M_FAILURES], "conn", conn, false);
		fprintf(r->out[M_FAILURES], "} %s\n", number(kv->value));
	}
	state = vpndiag_vici_get(msg, "state");
	if (!*conn || !state)
	{	/* the failures without a connection */
		return;
	}
	conn_sample(r, M_CONN_UP, conn, vpndiag_vici_get(msg, "up"));
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
	{
		fprintf(r->out[M_CONN_STATE], "%s{", families[M_CONN_STATE].name);
		label(r->out[M_CONN_STATE], "conn", conn, true);
		label(r->out[M_CONN_STATE], "state", states[i], false);
		fprintf(r->out[M_CONN_STATE], "} %d\n", strcmp(state, states[i]) == 0);
	}
	conn_sample(r, M_FLAPS, conn, vpndiag_vici_get(msg, "flaps_24h"));
	last = vpndiag_vici_find(msg, "last_failure", VPNDIAG_VICI_SECTION_START);
	if (last)
	{
		conn_sample(r, M_LAST_TIME, conn, vpndiag_vici_get(last, "time"));
		fprintf(r->out[M_LAST_INFO], "%s{", families[M_LAST_INFO].name);
		label(r->out[M_LAST_INFO], "conn", conn, true);
		label(r->out[M_LAST_INFO], "code", vpndiag_vici_get(last, "code"),
			  false);
		label(r->out[M_LAST_INFO], "code_id",
			  vpndiag_vici_get(last, "code_id"), false);
		label(r->out[M_LAST_INFO], "cause", vpndiag_vici_get(last, "cause"),
			  false);
		fputs("} 1\n", r->out[M_LAST_INFO]);
	}
}

/**
 * Write the families: HELP and TYPE, then the samples
 */
static void print(FILE *out, render_t *r, vpndiag_vici_node_t *res)
{
	static const struct {
		int family;
		const char *key;
	} globals[] = {
		{ M_RECORDS, "records" },
		{ M_EVICTED, "evicted" },
		{ M_DROPPED, "events_dropped" },
		{ M_SUPPRESSED, "syslog_suppressed" },
		{ M_SYSLOG_DROPPED, "syslog_dropped" },
		{ M_STATE_FILE, "state_file_ok" },
		{ M_HEALTHY, "healthy" },
	};
	size_t i;
	int m;

	for (i = 0; i < sizeof(globals) / sizeof(globals[0]); i++)
	{
		fprintf(r->out[globals[i].family], "%s %s\n",
				families[globals[i].family].name,
				number(vpndiag_vici_get(res, globals[i].key)));
	}
	for (m = 0; m < M_COUNT; m++)
	{
		fclose(r->out[m]);
		r->out[m] = NULL;
		fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", families[m].name,
				families[m].help, families[m].name, families[m].type);
		fwrite(r->buf[m], 1, r->len[m], out);
	}
}

/**
 * Write the text to a temporary file beside the output and rename it over
 * the output (readers see the old or the new file, never a part)
 */
static int write_atomic(render_t *r, vpndiag_vici_node_t *res)
{
	char tmp[4096];
	FILE *out;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", output) >= (int)sizeof(tmp))
	{
		fprintf(stderr, "vpndiag: output path too long\n");
		return EXIT_FAILED;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
	{
		fprintf(stderr, "vpndiag: creating %s: %s\n", tmp, strerror(errno));
		return EXIT_FAILED;
	}
	out = fdopen(fd, "w");
	if (!out || fchmod(fd, 0644) != 0)
	{
		fprintf(stderr, "vpndiag: writing %s: %s\n", tmp, strerror(errno));
		if (out)
		{
			fclose(out);
		}
		else
		{
			close(fd);
		}
		unlink(tmp);
		return EXIT_FAILED;
	}
	print(out, r, res);
	if (fflush(out) != 0 || fsync(fd) != 0 || ferror(out))
	{
		fprintf(stderr, "vpndiag: writing %s: %s\n", tmp, strerror(errno));
		fclose(out);
		unlink(tmp);
		return EXIT_FAILED;
	}
	if (fclose(out) != 0 || rename(tmp, output) != 0)
	{
		fprintf(stderr, "vpndiag: renaming %s to %s: %s\n", tmp, output,
				strerror(errno));
		unlink(tmp);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static int call(client_t *client)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *res;
	const char *success;
	render_t r = {};
	char *err = NULL;
	int m, rc = EXIT_OK;

	for (m = 0; m < M_COUNT; m++)
	{
		r.out[m] = open_memstream(&r.buf[m], &r.len[m]);
		if (!r.out[m])
		{
			fprintf(stderr, "vpndiag: out of memory\n");
			return EXIT_FAILED;
		}
	}
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_REQUEST, "vpndiag-metrics");
	res = client_request(client, &b, "vpndiag-metrics", event, &r, 60000, &err);
	success = res ? vpndiag_vici_get(res, "success") : NULL;
	if (!res)
	{
		fprintf(stderr, "vpndiag: %s\n", err);
		free(err);
		rc = EXIT_FAILED;
	}
	else if (command_format() == FORMAT_RAW ||
			 command_format() == FORMAT_PRETTY)
	{
		command_dump("vpndiag-metrics", "reply", res);
	}
	else if (!success || strcmp(success, "yes"))
	{
		fprintf(stderr, "vpndiag: %s\n", vpndiag_vici_get(res, "errmsg") ?:
				"vpndiag-metrics failed");
		rc = EXIT_FAILED;
	}
	else if (output)
	{
		rc = write_atomic(&r, res);
	}
	else
	{
		print(stdout, &r, res);
	}
	for (m = 0; m < M_COUNT; m++)
	{
		if (r.out[m])
		{
			fclose(r.out[m]);
		}
		free(r.buf[m]);
	}
	vpndiag_vici_free(res);
	return rc;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'M', "metrics", NULL,
		"counters and states in the Prometheus text format",
		{"[--output FILE] [--raw|--pretty]",
		 "--output writes FILE atomically (a temporary file renamed over it),",
		 "mode 0644, for the node exporter's textfile collector"},
		{
			{"output", 'o', true, "write to FILE instead of stdout"},
		}
	});
}
