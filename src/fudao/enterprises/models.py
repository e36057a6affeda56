"""One record per enterprise (keyed by 統一編號) with the profile facts, and its contacts."""

from __future__ import annotations

from django.db import models

from fudao.rules.profile import FACTS


def _choices(key: str) -> list[tuple[str, str]]:
    return list(FACTS[key].choices)


class Enterprise(models.Model):
    """An enterprise's profile facts (NULL = unknown); the columns are the profile's keys."""

    ubn = models.CharField("統一編號", max_length=8, unique=True)
    name = models.CharField("公司名稱", max_length=200, null=True, blank=True)
    org_type = models.CharField("組織型態", max_length=16, null=True, blank=True,
                                choices=_choices("org_type"))
    industry_section = models.CharField("行業別", max_length=1, null=True, blank=True,
                                        choices=_choices("industry_section"))
    paid_in_capital_twd = models.FloatField("實收資本額", null=True, blank=True)
    employees = models.IntegerField("經常僱用員工數", null=True, blank=True)
    annual_revenue_twd = models.FloatField("上一年度營業額", null=True, blank=True)
    factory_registration = models.CharField("工廠登記狀態", max_length=16, null=True, blank=True,
                                            choices=_choices("factory_registration"))
    registered_trader = models.BooleanField("出進口廠商登記", null=True, blank=True)
    tax_registered = models.BooleanField("稅籍登記", null=True, blank=True)
    us_export_within_3y = models.BooleanField("近3年輸美實績", null=True, blank=True)
    us_tariff_affected = models.BooleanField("受美國關稅影響", null=True, blank=True)
    revenue_drop_pct_vs_2024_same_period = models.FloatField(null=True, blank=True)
    revenue_drop_pct_vs_2024h2_monthly_avg = models.FloatField(null=True, blank=True)
    revenue_drop_pct_vs_2025_janfeb_avg = models.FloatField(null=True, blank=True)
    mittelstand_status = models.CharField("中堅企業身分", max_length=16, null=True, blank=True,
                                          choices=_choices("mittelstand_status"))
    net_worth_twd = models.FloatField("公司淨值", null=True, blank=True)
    bank_rejected = models.BooleanField("銀行拒絕往來戶", null=True, blank=True)
    tax_arrears_3y = models.BooleanField("近3年欠繳稅捐", null=True, blank=True)
    ecommerce_business = models.BooleanField("經營電子商務", null=True, blank=True)
    science_park_firm = models.BooleanField("科學工業園區廠商", null=True, blank=True)
    own_brand = models.BooleanField("自有品牌", null=True, blank=True)
    brand_award_winner = models.BooleanField("品牌或設計獎項得主", null=True, blank=True)
    loan_request_twd = models.FloatField("擬申請貸款金額", null=True, blank=True)
    county = models.CharField("縣市", max_length=20, null=True, blank=True, db_index=True)
    needs = models.JSONField("需求", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "企業"
        verbose_name_plural = "企業"
        constraints = [
            models.CheckConstraint(condition=models.Q(employees__gte=0) | models.Q(employees__isnull=True),
                                   name="enterprises_employees_nonnegative"),
        ]

    def __str__(self) -> str:
        return self.name or self.ubn


class Contact(models.Model):
    """A contact person of an enterprise, with consent to be contacted and its date."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=100, blank=True)
    title = models.CharField("職稱", max_length=100, blank=True)
    phone = models.CharField("電話", max_length=40, blank=True)
    phone_digits = models.CharField(max_length=20, blank=True, db_index=True)
    email = models.EmailField("電子郵件", blank=True)
    consent_to_contact = models.BooleanField("同意聯繫", default=False)
    consent_at = models.DateTimeField("同意日期", null=True, blank=True)

    class Meta:
        verbose_name = "聯絡人"
        verbose_name_plural = "聯絡人"

    def __str__(self) -> str:
        return self.name or self.phone
