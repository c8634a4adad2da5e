"""Key jobs on top of OpenBao transit: status, rotation, the resumable rewrap, retire, re-tokenise."""
