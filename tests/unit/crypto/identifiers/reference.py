"""Check characters computed independently of the code under test (and of python-stdnum).

ISO 7064 MOD 11-2 as GB 11643 defines it: the weight of the character i places from the right (the
check character being place 1) is 2^(i-1) mod 11; the check character makes the weighted sum
congruent to 1 mod 11, 10 being written X. GB 32100 for 统一社会信用代码: weights 3^i mod 31 over the
31-character alphabet, check = 31 - (sum mod 31), 31 read as 0.
"""

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def mod11_2(first_seventeen: str) -> str:
    assert len(first_seventeen) == 17 and first_seventeen.isdigit()
    total = sum(int(digit) * pow(2, 17 - index, 11) for index, digit in enumerate(first_seventeen))
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def gb32100(first_seventeen: str) -> str:
    assert len(first_seventeen) == 17
    total = sum(USCC_ALPHABET.index(char) * pow(3, index, 31) for index, char in enumerate(first_seventeen))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def with_mod11_2(first_seventeen: str) -> str:
    return first_seventeen + mod11_2(first_seventeen)
