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

/**
 * @defgroup vpndiag_event_format vpndiag_event_format
 * @{ @ingroup vpndiag
 *
 * Formatting of an event's raw facts, on the worker.
 *
 * Debian's libstrongswan registers its printf specifiers (%H, %Y, ...) with
 * glibc, which then formats every format string of the process on its slow
 * path: a single snprintf costs some 5,000 instructions. The listener
 * therefore copies addresses, identities, proposals and traffic selectors
 * raw under charon's bus lock (vpndiag_sa_t's *_addr and *_id_* fields,
 * vpndiag_proposals_t, vpndiag_ts_list_t), and the worker turns them into
 * the strings the classifier reads before classifying.
 */

#ifndef VPNDIAG_EVENT_FORMAT_H_
#define VPNDIAG_EVENT_FORMAT_H_

#include "vpndiag_event.h"

#include <stddef.h>

#include <networking/host.h>
#include <utils/identification.h>
#include <collections/linked_list.h>

/**
 * Copy an address raw, for the bus hooks (formatted on the worker).
 *
 * @param ss		where to copy the sockaddr to
 * @param host		address, NULL copies nothing
 */
void vpndiag_copy_host(struct sockaddr_storage *ss, host_t *host);

/**
 * Copy an identity raw, for the bus hooks (formatted on the worker); one
 * whose encoding exceeds VPNDIAG_ID_LEN is printed right away.
 *
 * @param sa		IKE_SA context of the event
 * @param remote	TRUE for the peer's identity, FALSE for ours
 * @param id		identity, NULL or ID_ANY copies nothing
 */
void vpndiag_copy_id(vpndiag_sa_t *sa, bool remote, identification_t *id);

/**
 * Copy a list of proposal_t raw, for the bus hooks (printed on the worker
 * by vpndiag_proposals_format()); only a list longer than
 * VPNDIAG_MAX_PROPOSALS, whose copy is incomplete, gets its "%#P" text
 * right away.
 *
 * @param list		list of proposal_t, may be NULL
 * @return			copy (free() it), NULL for a NULL list
 */
vpndiag_proposals_t *vpndiag_copy_proposals(linked_list_t *list);

/**
 * Copy a list of traffic_selector_t raw, for the bus hooks (printed on the
 * worker by vpndiag_event_format(), rebuilt for comparisons by
 * vpndiag_ts_list_create()). Neither allocates nor prints: the list is
 * walked with invoke_function(), not an enumerator; selectors beyond
 * VPNDIAG_MAX_TS are counted, not copied.
 *
 * @param copy		where to copy the list to
 * @param list		list of traffic_selector_t, NULL sets count -1
 */
void vpndiag_copy_ts(vpndiag_ts_list_t *copy, linked_list_t *list);

/**
 * Format a raw address as charon's "%#H" (addr[port], no port if 0), by
 * hand for IPv4 and IPv6 (no stdio).
 *
 * @param ss		address, family 0 gives ""
 * @param buf		receives the string, truncated to len
 */
void vpndiag_format_host(struct sockaddr_storage *ss, char *buf, size_t len);

/**
 * Whether two copied proposal lists hold the same proposals (protocols and
 * transforms, in the same order; the text is not compared).
 */
bool vpndiag_proposals_equal(vpndiag_proposals_t *a, vpndiag_proposals_t *b);

/**
 * Format the raw facts of an event into its strings.
 *
 * Fills sa.local / sa.remote (strongSwan's "%#H": addr[port]) and
 * sa.local_id / sa.remote_id ("%Y"; a remote identity that prints as
 * nothing becomes "(unprintable)") from the raw fields, the text of
 * the proposal lists ("%#P"), and for the TS alerts text / text2 from
 * ts[0] / ts[1] ("%#R" of the list, "(null)" for none; a list cut at
 * VPNDIAG_MAX_TS ends in " (+N more)"), where the string is still empty.
 * An event with an ike_cfg reference (proposal alert) gets its configured
 * proposals copied from that config, and the reference is released.
 * Events whose strings were set directly (unit tests) are left as they
 * are.
 *
 * @param event		event to complete
 */
void vpndiag_event_format(vpndiag_event_t *event);

/**
 * Print a copied proposal list as charon's "%#P" of the original, into its
 * text (if still empty): the proposals are rebuilt, so that charon's own
 * printer orders and names the transforms.
 *
 * @param list		proposal list, NULL is ignored
 */
void vpndiag_proposals_format(vpndiag_proposals_t *list);

/**
 * Copy a string, truncated to len - 1 characters and always terminated,
 * without stdio (for the bus hooks).
 *
 * @param dst		destination
 * @param src		source, NULL copies ""
 * @param len		size of dst
 */
void vpndiag_strlcpy(char *dst, const char *src, size_t len);

#endif /** VPNDIAG_EVENT_FORMAT_H_ @}*/
