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
 * A client of vpndiag's VICI socket written against strongSwan's own
 * libvici (Debian's /usr/lib/ipsec/libvici.so, declarations from the source
 * package's libvici.h): nothing of vpndiag's code is used.
 *
 *   libvici-list URI
 *
 * prints, one per line, "record <id> <code_id> <cause> <conn>" for every
 * vpndiag-record event of vpndiag-list, then "reply success=<s> count=<n>",
 * then the outcome of an unknown command and an unknown event.
 */

#include <libvici.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void on_record(void *user, char *name, vici_res_t *res)
{
	printf("record %s %s %s %s\n",
		   vici_find_str(res, "?", "record"),
		   vici_find_str(res, "?", "code_id"),
		   vici_find_str(res, "-", "cause"),
		   vici_find_str(res, "-", "conn"));
}

int main(int argc, char *argv[])
{
	vici_conn_t *conn;
	vici_res_t *res;
	int rc = 0;

	if (argc != 2)
	{
		fprintf(stderr, "usage: %s URI\n", argv[0]);
		return 2;
	}
	vici_init();
	conn = vici_connect(argv[1]);
	if (!conn)
	{
		fprintf(stderr, "connect failed: %s\n", strerror(errno));
		vici_deinit();
		return 1;
	}
	if (vici_register(conn, "vpndiag-record", on_record, NULL) != 0)
	{
		fprintf(stderr, "register failed: %s\n", strerror(errno));
		rc = 1;
	}
	res = vici_submit(vici_begin("vpndiag-list"), conn);
	if (res)
	{
		printf("reply success=%s count=%s\n",
			   vici_find_str(res, "?", "success"),
			   vici_find_str(res, "?", "count"));
		vici_free_res(res);
	}
	else
	{
		fprintf(stderr, "vpndiag-list failed: %s\n", strerror(errno));
		rc = 1;
	}
	vici_register(conn, "vpndiag-record", NULL, NULL);

	/* libvici maps CMD_UNKNOWN / EVENT_UNKNOWN to ENOENT */
	res = vici_submit(vici_begin("vpndiag-no-such-command"), conn);
	printf("unknown command: %s\n", res ? "answered" :
		   errno == ENOENT ? "ENOENT" : strerror(errno));
	if (res)
	{
		vici_free_res(res);
	}
	printf("unknown event: %s\n",
		   vici_register(conn, "vpndiag-no-such-event", on_record, NULL) == 0 ?
		   "confirmed" : errno == ENOENT ? "ENOENT" : strerror(errno));

	vici_disconnect(conn);
	vici_deinit();
	return rc;
}
