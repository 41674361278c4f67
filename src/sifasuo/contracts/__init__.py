"""Contract management: the N+(1+专)+1 approval chain and the dynamic contract ledger."""
