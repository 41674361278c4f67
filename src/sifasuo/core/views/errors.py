"""The platform's error pages, in Chinese."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

MESSAGES = {
    400: ("请求无效", "提交的内容无法处理，请返回上一页检查后重试。"),
    403: ("没有权限", "您的账号没有进行该操作的权限。如需办理，请联系所长或系统管理员。"),
    405: ("操作方式不正确", "该地址只能通过页面上的按钮提交，请返回上一页操作。"),
    503: (
        "暂时无法生成 PDF",
        "服务器未安装中文字体，生成的 PDF 会显示为空白方框。请联系系统管理员安装中文字体"
        "（Debian/Ubuntu：apt-get install fonts-noto-cjk）；Word 版本的文书不受影响。",
    ),
}


def error_page(request, status: int) -> HttpResponse:
    title, text = MESSAGES[status]
    content = loader.render_to_string(
        "core/error.html", {"title": title, "text": text, "status": status}, request
    )
    return HttpResponse(content, status=status)


def server_error(request) -> HttpResponse:
    """500: a page that needs no database, no session and no context processor."""
    return HttpResponseServerError(loader.get_template("500.html").render())
