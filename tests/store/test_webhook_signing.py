"""Standard Webhooks signatures against the specification's own test vector
(standard-webhooks/standard-webhooks, libraries/python/tests/test_webhooks.py: test_sign_function)."""

import pytest

from studio.gateway.webhook_signing import SignatureError, new_secret, secret_key, signature, signed_headers, verify

SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_specification_test_vector():
    assert signature(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE
    assert signature(SPEC_SECRET.removeprefix("whsec_"), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE


def test_verify_accepts_the_vector_and_any_one_of_several_signatures():
    headers = signed_headers(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    verify(SPEC_SECRET, headers, SPEC_BODY, now_s=SPEC_TIMESTAMP + 10)
    headers["webhook-signature"] = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + SPEC_SIGNATURE
    verify(SPEC_SECRET, headers, SPEC_BODY, now_s=SPEC_TIMESTAMP)


@pytest.mark.parametrize("change, why", [
    ({"webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="}, "no signature matches"),
    ({"webhook-timestamp": "hello"}, "whole seconds"),
    ({"webhook-id": ""}, "all needed"),
    ({"webhook-timestamp": str(SPEC_TIMESTAMP - 301)}, "away from now"),
    ({"webhook-timestamp": str(SPEC_TIMESTAMP + 301)}, "away from now"),
])
def test_verify_refuses(change, why):
    headers = {**signed_headers(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY), **change}
    with pytest.raises(SignatureError, match=why):
        verify(SPEC_SECRET, headers, SPEC_BODY, now_s=SPEC_TIMESTAMP)


def test_a_new_secret_is_whsec_base64_of_24_random_bytes():
    first, second = new_secret(), new_secret()
    assert first.startswith("whsec_") and first != second and len(secret_key(first)) == 24
    with pytest.raises(SignatureError) as refused:
        secret_key("whsec_not base64!")
    assert "not base64!" not in str(refused.value)
