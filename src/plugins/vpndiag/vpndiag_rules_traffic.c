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
 * Rules of the data plane: one-way traffic on an installed CHILD_SA, as the
 * tracker (vpndiag_traffic.c) decided it from sampled counters. The
 * decision is the tracker's; the rule turns its event into a record.
 */

#include "vpndiag_rules.h"
#include "vpndiag_traffic.h"

#include <inttypes.h>

/**
 * Seconds between two times, rounded down (0 if reversed)
 */
static uint64_t secs(uint64_t from, uint64_t to)
{
	return to > from ? (to - from) / 1000 : 0;
}

/*
 * Described in header
 */
void vpndiag_rules_traffic(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_record_t *rec;
	char since[VPNDIAG_TIME_LEN], sa[VPNDIAG_NAME_LEN + 64];
	const char *quiet, *busy;
	uint64_t qp, qb, bp, bb;

	snprintf(sa, sizeof(sa), "CHILD_SA %s{%u} (reqid %u, SPIs %.8x_i "
			 "%.8x_o)", ev->child, ev->child_id, ev->traffic.reqid,
			 ev->traffic.spi_in, ev->traffic.spi_out);
	vpndiag_time_format(ev->traffic.since_ms, since, sizeof(since));
	switch (ev->arg)
	{
		case VPNDIAG_TRAFFIC_NO_INBOUND:
		case VPNDIAG_TRAFFIC_NO_OUTBOUND:
			if (ev->arg == VPNDIAG_TRAFFIC_NO_INBOUND)
			{
				busy = "sent";
				quiet = "received";
				bp = ev->traffic.packets_out;
				bb = ev->traffic.bytes_out;
				qp = ev->traffic.packets_in;
				qb = ev->traffic.bytes_in;
			}
			else
			{
				busy = "received";
				quiet = "sent";
				bp = ev->traffic.packets_in;
				bb = ev->traffic.bytes_in;
				qp = ev->traffic.packets_out;
				qb = ev->traffic.bytes_out;
			}
			rec = vpndiag_rule_record(ctx, ev->arg ==
						VPNDIAG_TRAFFIC_NO_INBOUND ? VPNDIAG_CAUSE_NO_INBOUND :
													 VPNDIAG_CAUSE_NO_OUTBOUND,
					ctx->ev->sa.initiator,
					"%s %s === %s: packets are %s (%"PRIu64" packets, "
					"%"PRIu64" bytes so far) but none %s since %s (%"PRIu64
					" s; %"PRIu64" packets, %"PRIu64" bytes %s in all)",
					sa, ev->text, ev->text2, busy, bp, bb, quiet, since,
					secs(ev->traffic.since_ms, ev->time_ms), qp, qb, quiet);
			break;
		case VPNDIAG_TRAFFIC_RESTORED:
			rec = vpndiag_rule_record(ctx, VPNDIAG_CAUSE_TRAFFIC_RESTORED,
					ctx->ev->sa.initiator,
					"%s %s === %s: traffic flows both ways again, one-way "
					"since %s (%"PRIu64" s; in %"PRIu64" packets, %"PRIu64
					" bytes; out %"PRIu64" packets, %"PRIu64" bytes)",
					sa, ev->text, ev->text2, since,
					secs(ev->traffic.since_ms, ev->time_ms),
					ev->traffic.packets_in, ev->traffic.bytes_in,
					ev->traffic.packets_out, ev->traffic.bytes_out);
			break;
		default:
			return;
	}
	if (rec)
	{
		vpndiag_record_set(&rec->ts_local, ev->text);
		vpndiag_record_set(&rec->ts_remote, ev->text2);
	}
}
