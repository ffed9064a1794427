"""Types of the internal extension paycrypt._fast (see _fast.c): bytes on
success, a paycrypt status on failure, None for arguments it does not take."""

from typing import Optional, Union

def hmac_sign(key: object, msg: object, /) -> Union[bytes, int, None]: ...
def aes_gcm_seal(
    key: object, nonce: object, data: object, associated_data: Optional[object], /
) -> Union[bytes, int, None]: ...
def aes_gcm_open(
    key: object, nonce: object, data: object, associated_data: Optional[object], /
) -> Union[bytes, int, None]: ...
