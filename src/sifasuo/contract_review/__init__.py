"""Rural collective contract clean-up (清理规范农村集体经济合同): batch review of village contracts.

The pure engine is :mod:`sifasuo.contract_review.engine`; the command is ``sifasuo contracts``.
"""
