from modeltranslation.translator import TranslationOptions, register

from .models import Role, RuleChange, Stage, Step


@register(Stage)
class StageTranslationOptions(TranslationOptions):
    fields = Stage.translated_fields


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = Step.translated_fields


@register(Role)
class RoleTranslationOptions(TranslationOptions):
    fields = Role.translated_fields


@register(RuleChange)
class RuleChangeTranslationOptions(TranslationOptions):
    fields = RuleChange.translated_fields
