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

#include <daemon.h>

/*
 * Described in header
 */
char *vpndiag_log_format(vpndiag_record_t *record, char *buf, size_t len)
{
	const vpndiag_code_info_t *info = vpndiag_code_info(record->code);
	char conn[3 * VPNDIAG_MAX_ESCAPE], remote[3 * VPNDIAG_MAX_ESCAPE];
	char cause[3 * VPNDIAG_MAX_ESCAPE], detail[4 * VPNDIAG_MAX_ESCAPE];

	snprintf(buf, len, "%s [%s, %s, #%llu] conn %s peer %s cause %s: %s",
			 info ? info->name : "?", info ? info->id : "?",
			 vpndiag_severity_name(record->severity),
			 (unsigned long long)record->id,
			 vpndiag_escape(record->conn ?: "-", conn, sizeof(conn)),
			 vpndiag_escape(record->remote ?: "-", remote, sizeof(remote)),
			 vpndiag_escape(record->cause ?: "-", cause, sizeof(cause)),
			 vpndiag_escape(record->detail ?: "", detail, sizeof(detail)));
	return buf;
}

METHOD(vpndiag_publisher_t, publish, void,
	vpndiag_publisher_t *this, vpndiag_record_t *record, bool is_new)
{
	char line[8 * VPNDIAG_MAX_ESCAPE];

	vpndiag_log_format(record, line, sizeof(line));
	if (is_new)
	{
		DBG1(DBG_CFG, "vpndiag: %s", line);
		/* our own text from the catalogue, one line by construction */
		DBG1(DBG_CFG, "vpndiag: #%llu remedy: %s",
			 (unsigned long long)record->id, vpndiag_record_remedy(record));
	}
	else
	{
		DBG2(DBG_CFG, "vpndiag: repeated %u times: %s", record->count, line);
	}
}

METHOD(vpndiag_publisher_t, reload, void,
	vpndiag_publisher_t *this)
{
}

METHOD(vpndiag_publisher_t, destroy, void,
	vpndiag_publisher_t *this)
{
	free(this);
}

/*
 * Described in header
 */
vpndiag_publisher_t *vpndiag_log_create()
{
	vpndiag_publisher_t *this;

	INIT(this,
		.publish = _publish,
		.reload = _reload,
		.destroy = _destroy,
	);
	return this;
}
