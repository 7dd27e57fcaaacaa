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

#include "vpndiag_syslog_msg.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/**
 * Facility names and numbers
 */
static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "kern", 0 }, { "user", 1 }, { "mail", 2 }, { "daemon", 3 },
	{ "auth", 4 }, { "syslog", 5 }, { "lpr", 6 }, { "news", 7 },
	{ "uucp", 8 }, { "cron", 9 }, { "authpriv", 10 }, { "ftp", 11 },
	{ "local0", 16 }, { "local1", 17 }, { "local2", 18 }, { "local3", 19 },
	{ "local4", 20 }, { "local5", 21 }, { "local6", 22 }, { "local7", 23 },
};

/*
 * Described in header
 */
int vpndiag_syslog_facility(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(facilities) / sizeof(facilities[0]); i++)
	{
		if (strcasecmp(name, facilities[i].name) == 0)
		{
			return facilities[i].facility;
		}
	}
	return -1;
}

/**
 * Escape an SD-PARAM value: '"', '\' and ']' get a backslash, and the
 * result of vpndiag_escape() keeps it on one line
 */
static char *sd_escape(const char *in, char *buf, size_t len)
{
	char tmp[VPNDIAG_MAX_ESCAPE * 4];
	size_t pos = 0;
	const char *s;

	vpndiag_escape(in ?: "-", tmp, sizeof(tmp));
	for (s = tmp; *s && pos + 2 < len; s++)
	{
		/* vpndiag_escape() already turned '"' into '\"' and '\' into '\\' */
		if (*s == ']')
		{
			buf[pos++] = '\\';
		}
		buf[pos++] = *s;
	}
	buf[pos] = '\0';
	return buf;
}

/*
 * Described in header
 */
int vpndiag_syslog_format(vpndiag_record_t *record, int facility, bool rfc3164,
						  uint32_t repeated, const char *host, int pid,
						  char *buf, size_t len)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(record->code);
	char code[256], id[64], conn[256], remote[256], cause[128];
	char detail[VPNDIAG_MAX_ESCAPE * 4], stamp[64], rep[48] = "";
	int pri, n;

	pri = facility * 8 + record->severity;
	sd_escape(info ? info->name : "?", code, sizeof(code));
	sd_escape(info ? info->id : "?", id, sizeof(id));
	sd_escape(record->conn ?: "-", conn, sizeof(conn));
	sd_escape(record->remote ?: "-", remote, sizeof(remote));
	sd_escape(record->cause ?: "-", cause, sizeof(cause));
	vpndiag_escape(record->detail ?: "", detail, sizeof(detail));
	if (repeated > 1)
	{
		snprintf(rep, sizeof(rep), " (repeated %u times)", repeated);
	}
	if (rfc3164)
	{
		time_t t = record->last / 1000;
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
		n = snprintf(buf, len, "<%d>%s %s vpndiag[%d]: VPNDIAG-%d code=\"%s\" "
					 "code_id=\"%s\" conn=\"%s\" remote=\"%s\" cause=\"%s\" "
					 "%s: %s%s", pri, stamp, host, pid, info ? info->msgid : 0,
					 code, id, conn, remote, cause, info ? info->name : "?",
					 detail, rep);
	}
	else
	{
		vpndiag_time_format(record->last, stamp, sizeof(stamp));
		n = snprintf(buf, len, "<%d>1 %s %s vpndiag %d VPNDIAG-%d "
					 "[vpndiag@%d code=\"%s\" code_id=\"%s\" conn=\"%s\" "
					 "remote=\"%s\" cause=\"%s\"] %s: %s%s", pri, stamp, host,
					 pid, info ? info->msgid : 0, VPNDIAG_SD_PEN, code, id, conn,
					 remote, cause, info ? info->name : "?", detail, rep);
	}
	if (n < 0)
	{
		return 0;
	}
	return (size_t)n >= len ? (int)len - 1 : n;
}

/*
 * Described in header
 */
int vpndiag_syslog_format_suppressed(uint64_t suppressed, unsigned secs,
									 uint64_t now_ms, int facility,
									 bool rfc3164, const char *host, int pid,
									 char *buf, size_t len)
{
	char stamp[64];
	int pri = facility * 8 + VPNDIAG_SEV_NOTICE, n;

	if (rfc3164)
	{
		time_t t = now_ms / 1000;
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
		n = snprintf(buf, len, "<%d>%s %s vpndiag[%d]: VPNDIAG-0 "
					 "suppressed=\"%llu\" %llu diagnoses without a connection "
					 "not sent in %u s (syslog.unattributed_rate); vpndiag "
					 "--counters has them all", pri, stamp, host, pid,
					 (unsigned long long)suppressed,
					 (unsigned long long)suppressed, secs);
	}
	else
	{
		vpndiag_time_format(now_ms, stamp, sizeof(stamp));
		n = snprintf(buf, len, "<%d>1 %s %s vpndiag %d VPNDIAG-0 "
					 "[vpndiag@%d suppressed=\"%llu\"] %llu diagnoses without "
					 "a connection not sent in %u s (syslog.unattributed_rate); "
					 "vpndiag --counters has them all", pri, stamp, host, pid,
					 VPNDIAG_SD_PEN, (unsigned long long)suppressed,
					 (unsigned long long)suppressed, secs);
	}
	if (n < 0)
	{
		return 0;
	}
	return (size_t)n >= len ? (int)len - 1 : n;
}
