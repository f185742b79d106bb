"""The words officers read: field names, warnings, states, actions and error messages,
in Vietnamese. Codes stay English everywhere else."""

from __future__ import annotations

FIELD_LABELS = {
    "name": "Họ và tên",
    "dob": "Ngày sinh",
    "id_number": "Số định danh cá nhân",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "signed_date": "Ngày ký",
    "signed_place": "Nơi ký",
    "received_date": "Ngày tiếp nhận",
    "procedure_code": "Mã thủ tục",
    "dossier_code": "Mã hồ sơ",
    "document_type": "Loại giấy tờ",
}

WARNING_LABELS = {
    "impossible_date": "Ngày không hợp lệ",
    "unreadable": "Không đọc được giá trị",
    "not_a_mobile_number": "Không phải số di động",
    "id_province_unknown": "Mã tỉnh trong số định danh không tồn tại",
    "id_birth_year_mismatch": "Số định danh không khớp với năm sinh",
    "name_word_count": "Họ tên không đủ 2–7 chữ",
    "name_not_letters": "Họ tên có chữ số hoặc ký hiệu",
}

KIND_LABELS = {
    "submission": "Hồ sơ nộp",
    "supplement": "Bổ sung",
    "result": "Kết quả",
}

STATE_LABELS = {
    "processing": "Đang xử lý",
    "ready": "Chờ duyệt",
    "approved": "Đã duyệt",
}

ACTION_LABELS = {
    "field.corrected": "Sửa trường",
    "dossier.assigned": "Gắn vào hồ sơ",
    "dossier.approved": "Duyệt hồ sơ",
    "dossier.restored": "Khôi phục hồ sơ gốc",
    "page.turned": "Xoay trang",
    "page.moved": "Chuyển vị trí trang",
    "page.removed": "Bỏ trang",
    "page.restored": "Khôi phục trang",
}

MATCHED_LABELS = {
    "code": "Khớp mã hồ sơ",
    "id_number": "Khớp số định danh",
    "name": "Khớp tên người nộp",
    "text": "Khớp chữ trên trang",
}

ROLE_LABELS = {
    "officer": "Cán bộ",
    "admin": "Quản trị",
    "scanner": "Máy quét",
    "service": "Dịch vụ",
}

ERROR_MESSAGES = {
    "sign_in_required": "Vui lòng đăng nhập.",
    "csrf_failed": "Yêu cầu không hợp lệ (phiên làm việc không khớp). Hãy tải lại trang "
                   "rồi thử lại.",
    "not_found": "Không tìm thấy, hoặc bạn không có quyền xem mục này.",
    "conflict": "Hồ sơ đã được người khác thay đổi sau khi bạn mở. Thay đổi của bạn chưa "
                "được lưu. Hãy tải lại trang để xem bản mới nhất.",
    "approved": "Hồ sơ đã được duyệt nên không thể thay đổi nữa.",
    "invalid_request": "Dữ liệu gửi lên không hợp lệ.",
    "invalid_value": "Giá trị không hợp lệ.",
    "blob_error": "Không đọc được tệp ảnh hoặc PDF của hồ sơ.",
    "last_page": "Hồ sơ phải còn ít nhất một trang.",
}

QUARANTINE_REASONS = {
    "empty_file": "Tệp rỗng",
    "unsupported_format": "Định dạng tệp không được hỗ trợ",
    "format_mismatch": "Đuôi tệp không khớp nội dung",
    "corrupt_file": "Tệp bị hỏng",
    "truncated_file": "Tệp bị cắt cụt (chưa chép xong?)",
    "encrypted_pdf": "PDF có mật khẩu",
    "limit_exceeded": "Tệp vượt giới hạn",
    "too_many_pixels": "Trang quá lớn (quá nhiều điểm ảnh)",
    "too_many_pages": "Quá nhiều trang",
    "file_too_large": "Tệp quá lớn",
    "no_pages": "Tệp không có trang nào",
    "ocr_failed": "Nhận dạng chữ thất bại",
    "ocr_timeout": "Nhận dạng chữ quá thời gian",
    "page_failed": "Không xử lý được trang",
    "output_failed": "Không ghi được hồ sơ PDF",
    "service_failed": "Xử lý thất bại nhiều lần",
}

NOTICES = {
    "assigned": "Đã gắn tập giấy tờ vào hồ sơ.",
    "turned": "Đã xoay trang.",
    "moved": "Đã chuyển vị trí trang.",
    "removed": "Đã bỏ trang khỏi hồ sơ. Có thể khôi phục lại.",
    "restored": "Đã khôi phục trang.",
    "restored_dossier": "Đã khôi phục hồ sơ như bản quét gốc.",
}

SIGN_IN_REASONS = {
    "expired": "Phiên đăng nhập đã hết hạn hoặc khóa đã bị thu hồi. Vui lòng đăng nhập lại.",
    "signed_out": "Bạn đã đăng xuất.",
}

UNEXPECTED_ERROR = "Đã xảy ra lỗi ngoài dự kiến. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên."


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def warning_label(code: str) -> str:
    return WARNING_LABELS.get(code, code)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def quarantine_reason(code: str | None) -> str:
    return QUARANTINE_REASONS.get(code or "", "Lý do khác")


def error_message(code: str) -> str:
    return ERROR_MESSAGES.get(code, UNEXPECTED_ERROR)
