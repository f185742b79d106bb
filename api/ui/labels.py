"""The words officers read: field names, warnings, states, actions and error messages,
in Vietnamese. Codes stay English everywhere else."""

from __future__ import annotations

from intake.store.field_values import MAX_VALUE_LENGTH

FIELD_LABELS = {
    "name": "Họ và tên",
    "dob": "Ngày sinh",
    "id_number": "Số định danh cá nhân",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "signed_date": "Ngày ký",
    "signed_place": "Nơi ký",
    "received_date": "Ngày tiếp nhận",
    "appointment_date": "Ngày hẹn trả kết quả",
    "issue_date": "Ngày cấp",
    "expiry_date": "Có giá trị đến",
    "place_of_origin": "Quê quán",
    "birth_place": "Nơi đăng ký khai sinh",
    "sex": "Giới tính",
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
    "date_in_future": "Ngày sau hôm nay",
    "phone_prefix": "Đầu số điện thoại không tồn tại",
    "id_birth_year_in_future": "Năm sinh theo số định danh ở tương lai",
    "name_not_vietnamese": "Họ tên có chữ không phải tiếng Việt",
    "name_capitals": "Họ tên viết hoa không đúng",
    "name_family_mended": "Dấu của họ đã được sửa theo danh sách họ phổ biến",
    "label_inferred": "Không đọc được nhãn trên thẻ: giá trị suy ra theo vị trí, kiểm tra lại",
    "address_mended": "Tên đơn vị hành chính trong địa chỉ đã được sửa dấu",
    "address_place_unknown": "Địa chỉ có đơn vị hành chính không có trong danh mục",
    "address_no_province": "Địa chỉ chưa đến cấp tỉnh/thành phố trực thuộc trung ương",
    "address_unit_without_name": "Địa chỉ kết thúc bằng tên đơn vị bị thiếu",
    "address_part_unknown": "Địa chỉ có phần không đọc được là đơn vị hành chính",
    "address_unit_word_lost": "Địa chỉ có tên phường/xã thiếu chữ \"phường\", \"xã\" (có thể bị đọc sót)",
    "address_odd_letters": "Địa chỉ có chữ cái không có trong tiếng Việt (đọc sai)",
    "code_date": "Ngày trong mã hồ sơ không hợp lệ",
    "id_card_qr_mismatch": "Khác với mã QR trên thẻ căn cước",
    "received_date_code_mismatch": "Khác với ngày trong mã hồ sơ",
    "received_date_from_code": "Ngày lấy theo mã hồ sơ trên mã vạch (chữ in đọc lệch một số)",
    "dob_year_from_id": "Năm sinh lấy theo số định danh (năm in đọc lệch một chữ số)",
    "id_card_mrz_mismatch": "Khác với dòng mã MRZ ở mặt sau thẻ căn cước",
    "applicant_mismatch": "Khác với tên trên phiếu tiếp nhận",
    "dossier_name_mismatch": "Họ tên viết khác nhau giữa các trang",
    "dossier_address_mismatch": "Địa chỉ viết khác nhau giữa các trang",
    "dossier_id_number_mismatch": "Số định danh khác nhau giữa các trang",
    "dossier_dob_mismatch": "Ngày sinh khác nhau giữa các trang",
    "spelling_from_dossier": "Dấu và chữ hoa lấy theo mã QR hoặc các trang khác của hồ sơ",
    "digit_from_card": "Lấy theo mã QR trên thẻ căn cước (chữ in đọc lệch một chữ số)",
    "digit_from_dossier": "Lấy theo các trang khác của hồ sơ (đọc lệch một chữ số): kiểm tra lại với bản giấy",
    "name_family_unknown": "Họ không có trong danh sách các họ: kiểm tra lại",
    "name_words_parted": "Hai chữ của tên đọc liền nhau đã được tách ra",
    "signed_after_receipt": "Ngày ký sau ngày tiếp nhận hồ sơ",
    "digit_from_receipt": "Ngày ký đọc sau ngày tiếp nhận: sửa một chữ số theo ngày tiếp nhận, kiểm tra lại với bản giấy",
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
    "field.confirmed": "Xác nhận trường đúng",
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
    "field_changed": "Trường này vừa được người khác sửa nên chưa xác nhận được. Hãy tải lại "
                     "trang để xem giá trị mới.",
    "unassigned": "Tập này chưa gắn mã hồ sơ nên chưa thể duyệt. Hãy gắn mã hồ sơ trước.",
    "page_removed": "Trang này đã bị bỏ khỏi hồ sơ. Hãy khôi phục trang trước khi xoay.",
    "page_already_removed": "Trang này đã được bỏ khỏi hồ sơ rồi.",
    "page_not_removed": "Trang này đã được đưa trở lại hồ sơ.",
    "value_too_long": f"Giá trị quá dài: tối đa {MAX_VALUE_LENGTH} ký tự.",
    "invalid_date": "Ngày không hợp lệ. Hãy gõ theo dạng ngày/tháng/năm, ví dụ 03/02/1985, "
                    "và kiểm tra ngày đó có thật.",
    "page_not_found": "Không có trang này. Kiểm tra lại địa chỉ, hoặc về hàng chờ duyệt.",
}

RESCAN_REASONS = {
    "little_text_read": "Hầu như không đọc được chữ nào trên trang (ảnh quá mờ, quá nhạt hoặc "
                        "hỏng). Nếu trang có chữ, nên quét lại bản giấy.",
    "low_read_confidence": "Máy đọc trang này không chắc chắn (ảnh mờ, nhạt hoặc nhiễu): nội dung "
                           "và các trường có thể sai. Nên quét lại bản giấy.",
}
"""Why a page had better be scanned again (``ocr.read_quality``), for officers."""

QUARANTINE_REASONS = {
    "empty_file": "Tệp rỗng, không có nội dung. Hãy quét lại.",
    "unsupported_format": "Định dạng tệp không được hỗ trợ. Hãy quét ra PDF, TIFF, JPEG "
                          "hoặc PNG.",
    "format_mismatch": "Đuôi tệp không khớp với nội dung. Hãy quét lại hoặc đổi đuôi tệp "
                       "cho đúng.",
    "corrupt_file": "Tệp bị hỏng, không đọc được. Hãy quét lại.",
    "truncated_file": "Tệp bị cắt cụt, có thể chưa chép xong. Hãy gửi lại tệp đầy đủ.",
    "encrypted_pdf": "PDF có mật khẩu nên không đọc được. Hãy gửi bản không đặt mật khẩu.",
    "limit_exceeded": "Tệp vượt giới hạn cho phép. Hãy tách thành các tệp nhỏ hơn.",
    "too_many_pixels": "Trang quá lớn (quá nhiều điểm ảnh). Hãy quét ở độ phân giải thấp "
                       "hơn, ví dụ 300 dpi.",
    "too_many_pages": "Tệp có quá nhiều trang. Hãy tách thành các tệp nhỏ hơn.",
    "file_too_large": "Tệp quá lớn. Hãy quét ở độ phân giải thấp hơn hoặc tách tệp.",
    "no_pages": "Tệp không có trang nào. Hãy quét lại.",
    "bad_input": "Tệp không dùng được. Hãy quét lại.",
    "ocr_failed": "Không nhận dạng được chữ trên tệp. Hãy quét lại rõ hơn.",
    "ocr_timeout": "Nhận dạng chữ quá lâu nên phải dừng. Hãy quét lại rõ hơn hoặc tách tệp.",
    "ocr_engine_missing": "Máy chủ thiếu phần mềm nhận dạng chữ. Hãy báo quản trị viên.",
    "page_failed": "Không xử lý được một trang của tệp. Hãy quét lại.",
    "output_failed": "Không ghi được hồ sơ PDF. Hãy báo quản trị viên.",
    "service_failed": "Xử lý thất bại nhiều lần. Hãy báo quản trị viên.",
    "job_abandoned": "Xử lý bị gián đoạn nhiều lần. Hãy gửi lại tệp; nếu vẫn lỗi, báo quản "
                     "trị viên.",
    "original_missing": "Không còn tìm thấy tệp gốc trên máy chủ. Hãy gửi lại tệp.",
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


def rescan_label(code: str) -> str:
    return RESCAN_REASONS.get(code, code)


def quarantine_reason(code: str | None) -> str:
    return QUARANTINE_REASONS.get(code or "", "Không xử lý được tệp. Hãy báo quản trị viên.")


def error_message(code: str) -> str:
    return ERROR_MESSAGES.get(code, UNEXPECTED_ERROR)
