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
 * @defgroup dataplane dataplane
 * @{ @ingroup vpndiag_cli
 *
 * vpndiag --probe CONN --ping ADDR (contract section 7): with the tunnel up
 * (vpndiag-probe's reply carries the CHILD_SA's selectors and counters),
 * ping ADDR (in the remote selectors) from a source in the local ones,
 * read the counters again (a second vpndiag-probe) and say whether the
 * requests never entered the tunnel (not-entering), left and nothing came
 * back (no-return) or were answered (ok), with the local checks'
 * findings (local_checks.h). Exit 0 when replies came back, 3 otherwise.
 */

#ifndef DATAPLANE_H_
#define DATAPLANE_H_

#include "client.h"

/**
 * Run the data-plane check and print its result.
 *
 * @param client	connected client
 * @param first		vpndiag-probe's reply with verdict up
 * @param addr		--ping ADDR
 * @param source	--source ADDR or NULL
 * @param count		echo requests
 * @return			exit code
 */
int dataplane_run(client_t *client, vpndiag_vici_node_t *first,
				  const char *addr, const char *source, int count);

#endif /** DATAPLANE_H_ @}*/
