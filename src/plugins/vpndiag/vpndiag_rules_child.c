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
 * Rules of the CHILD_SA domain: traffic selectors, the kernel refusing
 * SAs or policies, virtual IPs, the negotiated mode, and IKEv1 Quick Modes
 * we refused.
 */

#include "vpndiag_rules.h"
#include "vpndiag_ts.h"

#include <errno.h>

/*
 * Described in header. The initiator that got TS_UNACCEPTABLE (strongSwan
 * 6.1+ raises the alert there too) only knows the peer's verdict. The
 * responder looks for the child config that comes closest to the received
 * selectors (a reversed match wins) and names how they relate.
 */
void vpndiag_rules_ts_mismatch(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_child_ts_t children[8];
	vpndiag_record_t *rec;
	linked_list_t *tsi, *tsr;
	const char *relation = NULL, *rel;
	int i, count = 0, best = -1;
	bool reversed;

	if (vpndiag_rx_notify(ctx->st, TS_UNACCEPTABLE))
	{
		vpndiag_rules_child_rejected(ctx);
		return;
	}
	if (ctx->query && ev->sa.has_peer_cfg)
	{
		count = ctx->query->child_ts(ctx->query, ev->sa.conn, children,
									 countof(children));
	}
	/* on a responder TSi is the peer's side, TSr ours */
	tsi = vpndiag_ts_list_create(&ev->ts[0], TRUE);
	tsr = vpndiag_ts_list_create(&ev->ts[1], TRUE);
	for (i = 0; i < count; i++)
	{
		rel = vpndiag_ts_relation(tsi, tsr, children[i].local_ts,
								  children[i].remote_ts);
		if (rel && (!relation || streq(rel, "reversed")))
		{
			relation = rel;
			best = i;
		}
	}
	DESTROY_OFFSET_IF(tsi, offsetof(traffic_selector_t, destroy));
	DESTROY_OFFSET_IF(tsr, offsetof(traffic_selector_t, destroy));
	vpndiag_child_ts_clear(children, count);
	reversed = relation && streq(relation, "reversed");
	if (best >= 0)
	{
		rec = vpndiag_rule_child(ctx, reversed ?
			VPNDIAG_CAUSE_REVERSED_TRAFFIC_SELECTORS :
			VPNDIAG_CAUSE_TS_UNACCEPTABLE, ev->sa.initiator, "%s proposed "
			"traffic selectors %s (its side) === %s (ours), but child '%s' has "
			"local_ts %s and remote_ts %s: %s", vpndiag_peer_of(ctx), ev->text,
			ev->text2, children[best].name, children[best].local,
			children[best].remote, reversed ? "local and remote are swapped "
			"on one side" : relation);
		if (rec)
		{
			vpndiag_record_set(&rec->child, children[best].name);
			vpndiag_record_set(&rec->ts_local, children[best].local);
			vpndiag_record_set(&rec->ts_remote, children[best].remote);
		}
	}
	else
	{
		rec = vpndiag_rule_child(ctx, VPNDIAG_CAUSE_TS_UNACCEPTABLE,
			ev->sa.initiator, "%s proposed traffic selectors %s === %s (its "
			"side === ours); no child config of ours accepts them",
			vpndiag_peer_of(ctx), ev->text, ev->text2);
	}
	if (rec)
	{
		vpndiag_record_setf(&rec->ts_received, "%s === %s", ev->text,
							ev->text2);
		vpndiag_record_set(&rec->ts_relation, relation);
	}
}

/*
 * Described in header
 */
void vpndiag_rules_ts_narrowed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_rule_record(ctx, VPNDIAG_CAUSE_TS_NARROWED,
		ctx->ev->sa.initiator, "%s traffic selectors narrowed to %s",
		ctx->ev->arg ? "local" : "remote", ctx->ev->text);
}

/*
 * Described in header. The kernel's own error, when charon logged it,
 * completes the detail.
 */
void vpndiag_rules_install_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	bool sa = ev->alert == VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED;
	bool kernel = vpndiag_has_fact(ctx->st, VPNDIAG_LOG_KERNEL_ERROR);

	vpndiag_rule_child(ctx, sa ? VPNDIAG_CAUSE_KERNEL_SA_INSTALL :
		VPNDIAG_CAUSE_KERNEL_POLICY_INSTALL, ev->sa.initiator, "the kernel "
		"refused to install the IPsec %s of CHILD_SA %s%s%s",
		sa ? "SA" : "policies", ev->child, kernel ? ": " : "",
		kernel ? ctx->st->log_text : "");
}

/*
 * Described in header. No address requested although the connection
 * requires one; a full pool (charon logged it); else no pool serves it.
 */
void vpndiag_rules_vip_failure(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	if (!*ev->text)
	{
		vpndiag_rule_child(ctx, VPNDIAG_CAUSE_VIP_REQUIRED, FALSE, "%s did "
			"not request a virtual IP the connection requires",
			vpndiag_peer_of(ctx));
	}
	else if (vpndiag_has_fact(ctx->st, VPNDIAG_LOG_POOL_FULL))
	{
		vpndiag_rule_child(ctx, VPNDIAG_CAUSE_POOL_EXHAUSTED, FALSE, "no "
			"virtual IP for %s (requested %s): %s", vpndiag_peer_of(ctx),
			ev->text, ctx->st->log_text);
	}
	else
	{
		vpndiag_rule_child(ctx, VPNDIAG_CAUSE_NO_ADDRESS_AVAILABLE, FALSE,
			"no virtual IP for %s (requested %s): the connection has no pool "
			"(pools) that serves it", vpndiag_peer_of(ctx), ev->text);
	}
}

/*
 * Described in header. Diagnose from the peer's notify if nothing did
 * yet, then close the failure.
 */
void vpndiag_rules_child_failure_end(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;

	if (st && !st->child_diagnosed)
	{
		vpndiag_rules_child_rejected(ctx);
	}
	if (st)
	{
		st->child_diagnosed = FALSE;
		st->rx_count = 0;
	}
}

/*
 * Described in header. IKEv2 falls back to tunnel mode silently.
 */
void vpndiag_rules_child_up(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;

	if (ev->mode_wanted == 1 && ev->mode_got != 1)
	{
		vpndiag_rule_record(ctx, VPNDIAG_CAUSE_TRANSPORT_DOWNGRADED,
			ev->sa.initiator, "CHILD_SA %s asked for transport mode but was "
			"established in tunnel mode (the peer is not host-to-host, or its "
			"config asks for tunnel)", ev->child);
	}
}

/**
 * What a netlink errno means for an SA install, NULL if nothing specific
 */
static const char *errno_meaning(int err)
{
	switch (err)
	{
		case EPERM:
		case EACCES:
			return "charon lacks CAP_NET_ADMIN (a container without it?)";
		case ENOENT:
			return "a kernel module of the negotiated algorithm is missing "
				"(load the crypto module, e.g. with modprobe)";
		case ENOMEM:
		case ENOBUFS:
			return "the kernel ran out of memory";
		case EINVAL:
			return "the kernel rejected a parameter (algorithm and key "
				"length, ESN with the replay window, or the mode)";
		case ENOSYS:
		case EPROTONOSUPPORT:
			return "the kernel does not implement the IPsec protocol or the "
				"negotiated algorithm (ESP/AH or the crypto module not built "
				"or loaded: load esp4/esp6 and the algorithm's module, or use "
				"the kernel-libipsec plugin)";
		case EOPNOTSUPP:
			return "the kernel does not support a requested feature "
				"(hardware offload, mode or encapsulation)";
		default:
			return NULL;
	}
}

/*
 * Described in header. kernel_netlink_shared.c logs "received netlink
 * error: <strerror> (<errno>)" before kernel_netlink_ipsec.c logs "unable to
 * add SAD entry ..." (5.9.8 and 6.0.x).
 */
void vpndiag_rules_kernel_errno(vpndiag_rule_ctx_t *ctx)
{
	const char *text = ctx->ev->text, *open, *colon;
	int err;

	open = strrchr(text, '(');
	colon = strstr(text, ": ");
	if (!ctx->st || !open || sscanf(open, "(%d)", &err) != 1 || err <= 0)
	{
		return;
	}
	ctx->st->kernel_errno = err;
	snprintf(ctx->st->kernel_error, sizeof(ctx->st->kernel_error), "%.*s",
			 colon && colon < open ? (int)(open - colon - 3) : 0,
			 colon ? colon + 2 : "");
}

/**
 * IKEv1 Quick Mode: charon could not install the SA and refused the Quick
 * Mode with NO_PROPOSAL_CHOSEN (ikev1/tasks/quick_mode.c:process_r() raises
 * no alert for it): a kernel failure, not a proposal mismatch. The facts
 * are consumed, a later Quick Mode starts afresh.
 */
static void v1_install_failed(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_sa_state_t *st = ctx->st;
	const char *meaning = errno_meaning(st->kernel_errno);
	char why[VPNDIAG_TEXT_LEN] = "";

	if (st->kernel_errno)
	{
		snprintf(why, sizeof(why), "; errno %d (%s)%s%s", st->kernel_errno,
				 *st->kernel_error ? st->kernel_error : "?",
				 meaning ? ": " : "", meaning ?: "");
	}
	st->child_diagnosed = FALSE;
	vpndiag_rule_child(ctx, VPNDIAG_CAUSE_KERNEL_SA_INSTALL,
		ctx->ev->sa.initiator, "the kernel refused to install the IPsec SA "
		"of a Quick Mode with %s (charon answered NO_PROPOSAL_CHOSEN, not a "
		"proposal mismatch): %s%s",
		vpndiag_peer_of(ctx), st->log_text, why);
	st->child_diagnosed = FALSE;
	st->logfacts &= ~((1 << VPNDIAG_LOG_KERNEL_ERROR) |
					  (1 << VPNDIAG_LOG_KERNEL_ERRNO));
	st->kernel_errno = 0;
}

/*
 * Described in header. The notify we sent says why; each refused Quick
 * Mode is its own failure.
 */
void vpndiag_rules_v1_quick_mode_refused(vpndiag_rule_ctx_t *ctx)
{
	vpndiag_event_t *ev = ctx->ev;
	vpndiag_cause_t cause;
	const char *why;

	if (vpndiag_has_notify(ev->notifies, ev->notify_count,
						   NO_PROPOSAL_CHOSEN) &&
		vpndiag_has_fact(ctx->st, VPNDIAG_LOG_KERNEL_ERROR))
	{
		v1_install_failed(ctx);
		return;
	}
	if (vpndiag_has_notify(ev->notifies, ev->notify_count, NO_PROPOSAL_CHOSEN))
	{
		cause = VPNDIAG_CAUSE_P2_NO_COMMON_PROPOSAL;
		why = "no common ESP proposal or PFS group";
	}
	else if (vpndiag_has_notify(ev->notifies, ev->notify_count,
								INVALID_ID_INFORMATION))
	{
		cause = VPNDIAG_CAUSE_TS_UNACCEPTABLE;
		why = "no child config matches its traffic selectors or mode";
	}
	else
	{
		return;
	}
	ctx->st->child_diagnosed = FALSE;
	vpndiag_rule_child(ctx, cause, FALSE, "%s proposed a Quick Mode we "
					   "refused: %s", vpndiag_peer_of(ctx), why);
	ctx->st->child_diagnosed = FALSE;
}
