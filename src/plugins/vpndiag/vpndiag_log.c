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

#include "vpndiag_log.h"
#include "vpndiag_vici_msg.h"

#include <library.h>

/**
 * Append a string to a line, truncated as snprintf() would (at len - 1)
 */
static void append(char *buf, size_t len, size_t *pos, const char *str)
{
	size_t n = strlen(str);

	if (*pos + n >= len)
	{
		n = len - 1 - *pos;
	}
	memcpy(buf + *pos, str, n);
	*pos += n;
}

/*
 * Described in header
 */
char *vpndiag_log_format(vpndiag_record_t *record, char *buf, size_t len)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(record->code);
	char conn[3 * VPNDIAG_MAX_ESCAPE], remote[3 * VPNDIAG_MAX_ESCAPE];
	char cause[3 * VPNDIAG_MAX_ESCAPE], detail[4 * VPNDIAG_MAX_ESCAPE];
	char digits[24];
	size_t pos = 0;
	int i;

	/* by hand: the line "%s [%s, %s, #%llu] conn %s%s peer %s cause %s: %s"
	 * with snprintf() cost ~5 000 instructions in charon (libstrongswan's
	 * printf hooks put glibc on its slow path; docs/performance.md), per
	 * new and per folded record */
	const char *parts[] = {
		info ? info->name : "?", " [", info ? info->id : "?", ", ",
		vpndiag_severity_name(record->severity), ", #",
		vpndiag_u64_digits(record->id, digits + sizeof(digits) - 1),
		"] conn ", vpndiag_escape(record->conn ?: "-", conn, sizeof(conn)),
		record->conn && record->conn_match == VPNDIAG_CONN_MATCH_ADDRESS ?
			" (by address)" : "",
		" peer ", vpndiag_escape(record->remote ?: "-", remote, sizeof(remote)),
		" cause ", vpndiag_escape(record->cause ?: "-", cause, sizeof(cause)),
		": ", vpndiag_escape(record->detail ?: "", detail, sizeof(detail)),
	};

	digits[sizeof(digits) - 1] = '\0';
	if (!len)
	{
		return buf;
	}
	for (i = 0; i < countof(parts); i++)
	{
		append(buf, len, &pos, parts[i]);
	}
	buf[pos] = '\0';
	return buf;
}

typedef struct private_vpndiag_log_t private_vpndiag_log_t;

/**
 * Private data.
 */
struct private_vpndiag_log_t {
	vpndiag_publisher_t public;
	/** new records without a connection logged per second, 0 = all */
	u_int rate;
	/** current second, records logged in it */
	uint64_t window;
	u_int sent;
	/** records not logged since the last summary, and since when */
	uint64_t suppressed;
	uint64_t since;
};

/**
 * Budget for floods of unknown peers; TRUE if the record may be logged
 */
static bool within_budget(private_vpndiag_log_t *this, vpndiag_record_t *record)
{
	if (this->suppressed && record->last / 1000 != this->window)
	{
		DBG1(DBG_CFG, "vpndiag: %llu diagnoses without a connection not "
			 "logged in %llu s (log.unattributed_rate); vpndiag --counters "
			 "has them all", (unsigned long long)this->suppressed,
			 (unsigned long long)max(1, (record->last - this->since) / 1000));
		this->suppressed = 0;
	}
	if (record->conn || !this->rate)
	{
		return TRUE;
	}
	if (record->last / 1000 != this->window)
	{
		this->window = record->last / 1000;
		this->sent = 0;
	}
	if (this->sent >= this->rate)
	{
		if (!this->suppressed++)
		{
			this->since = record->last;
		}
		return FALSE;
	}
	this->sent++;
	return TRUE;
}

METHOD(vpndiag_publisher_t, publish, void,
	private_vpndiag_log_t *this, vpndiag_record_t *record, bool is_new)
{
	const vpndiag_code_info_t *info;
	char line[8 * VPNDIAG_MAX_ESCAPE];

	if (!is_new)
	{	/* the record's line was logged at level 1 when it was new; a repeat
		 * names it by id and code only, no peer data to escape, so the bus
		 * formats the line only if a logger takes level 2 (bus.c: vlog()
		 * checks the group's highest level first): a folded repeat cost
		 * ~2 000 instructions formatting a line loggers at level 1 drop */
		info = vpndiag_code_info(record->code);
		DBG2(DBG_CFG, "vpndiag: #%llu repeated %u times: %s [%s]",
			 (unsigned long long)record->id, record->count,
			 info ? info->name : "", info ? info->id : "");
		return;
	}
	if (!within_budget(this, record))
	{
		return;
	}
	vpndiag_log_format(record, line, sizeof(line));
	DBG1(DBG_CFG, "vpndiag: %s", line);
	/* our own text from the catalogue, one line by construction */
	DBG1(DBG_CFG, "vpndiag: #%llu remedy: %s",
		 (unsigned long long)record->id, vpndiag_record_remedy(record));
}

METHOD(vpndiag_publisher_t, reload, void,
	private_vpndiag_log_t *this)
{
	this->rate = lib->settings->get_int(lib->settings,
						"%s.plugins.vpndiag.log.unattributed_rate", 10, lib->ns);
}

METHOD(vpndiag_publisher_t, destroy, void,
	private_vpndiag_log_t *this)
{
	free(this);
}

/*
 * Described in header
 */
vpndiag_publisher_t *vpndiag_log_create()
{
	private_vpndiag_log_t *this;

	INIT(this,
		.public = {
			.publish = _publish,
			.reload = _reload,
			.destroy = _destroy,
		},
	);
	reload(this);
	return &this->public;
}
