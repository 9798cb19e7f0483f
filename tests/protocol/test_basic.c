/* Protocol: identity, handshake and a few messages both ways. */
#include <string.h>
#include "tests/protocol/harness.h"

int main(void)
{
	party alice, bob;
	uint32_t i;

	test_rng_seed_from_env();
	party_init(&alice);
	party_init(&bob);
	handshake_pair(&alice, &bob);
	CHECK(memcmp(seal_session_peer_identity(alice.session), seal_identity_public(bob.id), 32) == 0);
	CHECK(memcmp(seal_session_peer_identity(bob.session), seal_identity_public(alice.id), 32) == 0);
	for (i = 0; i < 20; i++) {
		int from_a = (i % 3) != 0;
		wire_msg m = send_counted(from_a ? &alice : &bob, from_a, i);

		receive_counted(from_a ? &bob : &alice, &m);
		wire_msg_free(&m);
	}
	party_free(&alice);
	party_free(&bob);
	printf("ok\n");
	return 0;
}
